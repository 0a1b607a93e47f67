// Runs the real evo binary as a user would, capturing its exit code, stdout and stderr.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace evo::test {

struct run_result {
    int exit_code = -1; // 128 + signal when evo died of a signal
    std::string out;
    std::string err;

    // stderr split into lines; a last line without '\n' counts too.
    std::vector<std::string> err_lines() const;
};

// Changes to the inherited environment: a value sets the variable, nullopt removes it.
// EVO_MANIFEST and EVO_PLUGIN_PATH are removed and NO_COLOR is set unless a test says otherwise,
// so the caller's shell cannot change the outcome.
using environment_changes = std::map<std::string, std::optional<std::string>>;

struct run_options {
    environment_changes env;
    std::filesystem::path cwd; // empty: the test's own working directory
    std::filesystem::path stdin_file; // empty: /dev/null
};

run_result run_evo(const std::vector<std::string>& args, const run_options& options = {});

} // namespace evo::test
