#include "cli_assertions.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

namespace evo::test {

std::string config_error_line(const run_result& result) {
    INFO("stdout: " << result.out);
    INFO("stderr: " << result.err);
    CHECK(result.exit_code == 2);
    auto lines = result.err_lines();
    REQUIRE(lines.size() == 1);
    CHECK(result.err.back() == '\n');
    return lines.front();
}

std::string error_at(const std::filesystem::path& file, unsigned line, unsigned column) {
    return "evo: error: " + file.string() + ":" + std::to_string(line) + ":" +
           std::to_string(column) + ": ";
}

boost::json::object json_object(const std::string& text) {
    INFO("not a JSON object: " << text);
    boost::json::value v = boost::json::parse(text);
    REQUIRE(v.is_object());
    return v.as_object();
}

run_result check_manifest(const std::filesystem::path& manifest, const run_options& options) {
    return run_evo({"manifest", "check", manifest.string()}, options);
}

} // namespace evo::test
