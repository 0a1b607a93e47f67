// Languages are the validators' business: the host recognises a file, a shebang or a --lang
// name only as the pipeline's validators declared them.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <set>

using namespace evo::test;
using Catch::Matchers::Contains;

namespace {

std::filesystem::path javascript_pipeline(const scratch_dir& dir) {
    return dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
provider = "fixture-canned"
validators = ["fixture-javascript"]
on_fail = "reject"
[plugins.fixture-canned]
answer = "```js\nvar x = 1\n```\n"
[plugins.fixture-javascript]
)");
}

std::set<std::string> files_with_findings(const run_result& r) {
    std::set<std::string> files;
    auto report = boost::json::parse(r.out).as_object();
    for (const auto& f : report.at("findings").as_array())
        files.insert(
            std::filesystem::path(std::string(f.at("file").as_string())).filename().string());
    return files;
}

} // namespace

TEST_CASE("a validator for a new language needs no change to the host", "[cli][languages]") {
    scratch_dir dir;
    auto manifest = javascript_pipeline(dir);
    dir.write("src/app.js", "var a = 1\n");
    dir.write("src/lib.mjs", "var b = 2\n");
    dir.write("src/tool", "#!/usr/bin/env node\nvar c = 3\n");
    dir.write("src/ok.js", "const d = 4\n");
    dir.write("src/script.py", "var = 1\n");

    SECTION("evo validate finds its files by extension and by shebang") {
        auto r = run_evo({"-m", manifest.string(), "validate", "--format", "json",
                          (dir.path() / "src").string()});
        INFO(r.err);
        CHECK(r.exit_code == 1);
        CHECK(files_with_findings(r) == std::set<std::string>{"app.js", "lib.mjs", "tool"});
        auto summary = boost::json::parse(r.out).at("summary");
        CHECK(summary.at("files").to_number<int>() == 4);
        CHECK(summary.at("skipped").to_number<int>() == 1); // script.py: no validator declares .py
    }
    SECTION("evo gen resolves its alias and its code fence") {
        auto r = run_evo({"-m", manifest.string(), "gen", "--lang", "JS", "a number"});
        INFO(r.err);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Contains("[fixture-javascript JS-VAR]"));
    }
    SECTION("evo plugins inspect shows the declaration") {
        auto r = run_evo({"plugins", "inspect", fixture_file("fixture-javascript").string()});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        auto described = boost::json::parse(r.out).as_object();
        CHECK(described.at("languages") == "javascript");
        auto declared = described.at("language_table").as_array().at(0).as_object();
        CHECK(declared.at("name") == "javascript");
        CHECK(declared.at("aliases") == boost::json::array{"js", "node"});
        CHECK(declared.at("extensions") == boost::json::array{".js", ".mjs"});
        CHECK(declared.at("interpreters") == boost::json::array{"node"});
    }
}

TEST_CASE("a validator that declares no language is refused when a manifest names it",
          "[cli][languages]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
validators = ["fixture-no-language"]
[plugins.fixture-no-language]
)");
    CHECK_THAT(
        config_error_line(check_manifest(manifest)),
        Contains("[plugins.fixture-no-language]: " + fixture_file("fixture-no-language").string() +
                 ": validator plugin 'fixture-no-language' declares no language"));
}

TEST_CASE("evo plugins inspect shows the command contracts a test runner declares",
          "[cli][languages]") {
    const auto sandbox = evo_binary.parent_path().parent_path() / "lib/evo/plugins/evo-sandbox.so";
    auto r = run_evo({"plugins", "inspect", sandbox.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto described = boost::json::parse(r.out).as_object();
    CHECK(described.at("runs_tests") == true);
    const auto& table = described.at("language_table").as_array();
    REQUIRE(table.size() == 2);
    const auto& python = table.at(0).as_object();
    CHECK(python.at("name") == "python");
    CHECK(python.at("extensions") == boost::json::array{}); // it claims no files
    const auto& contract = python.at("command").as_object();
    CHECK(contract.at("file") == "command.py");
    CHECK(contract.at("test_file") == "test_command.py");
    CHECK(contract.at("runner") == "python3");
    CHECK(
        contract.at("test_instructions").as_string().starts_with("a test module test_command.py"));
    CHECK(table.at(1).at("command").at("runner") == "bash");
    // A validator that declares no contract shows none.
    auto js = run_evo({"plugins", "inspect", fixture_file("fixture-javascript").string()});
    CHECK_FALSE(
        boost::json::parse(js.out).at("language_table").at(0).as_object().contains("command"));
}
