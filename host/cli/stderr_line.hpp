// Every line evo itself writes to stderr goes through here, so that --log-format json makes
// each of them one JSON object ({"ts_ms","level","message", and fields of its own}) and the
// text form stays what it always was. Lines are written whole, under a lock: evo batch's
// threads may report at once.
#pragma once

#include <boost/json/object.hpp>

#include <string_view>

namespace evo::cli {

enum class line_level { info, warning, error };

// Set once by setup_logging (and as soon as the command line names the format).
void use_json_lines(bool json);
bool json_lines();

// Text: "evo: MESSAGE".
void stderr_line(line_level level, std::string_view message, boost::json::object fields = {});
// Text: "evo: error: MESSAGE" and "evo: warning: MESSAGE".
void stderr_error(std::string_view message, boost::json::object fields = {});
void stderr_warning(std::string_view message, boost::json::object fields = {});
// A line whose text form is not "evo: ...": `text` as it is, or `message` with `fields`.
void stderr_line_as(std::string_view text, line_level level, std::string_view message,
                    boost::json::object fields = {});
// The JSON form alone, for spdlog's sink: `level` by spdlog's name for it.
void write_json_line(std::string_view level, long long ts_ms, std::string_view message,
                     boost::json::object fields = {});

} // namespace evo::cli
