// Checks shared by the CLI tests.
#pragma once

#include "evo_runner.hpp"

#include <boost/json/object.hpp>

#include <filesystem>
#include <string>

namespace evo::test {

// The single stderr line of a configuration error; the test fails unless evo exited with 2
// and wrote exactly one line.
std::string config_error_line(const run_result& result);

// "evo: error: FILE:LINE:COL: " -- how a configuration error at that position begins.
std::string error_at(const std::filesystem::path& file, unsigned line, unsigned column);

// `text` (a --json output, or one line of it) as the JSON object it must be; the test fails
// unless it is one.
boost::json::object json_object(const std::string& text);

// Runs `evo manifest check FILE`.
run_result check_manifest(const std::filesystem::path& manifest, const run_options& options = {});

} // namespace evo::test
