// A plugin written in C against the frozen ABI v1.0 header loads and works in today's host.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

using namespace evo::test;
using Catch::Matchers::Contains;

namespace {

// A pipeline in which the canned provider answers `code` in a python block and the frozen
// plugin `plugin` (fixture-frozen-v1-N) is the only validator.
std::filesystem::path frozen_pipeline(const scratch_dir& dir, const std::string& code,
                                      const std::string& plugin = "fixture-frozen-v1-0") {
    return dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
provider = "fixture-canned"
validators = [")" + plugin + R"("]
on_fail = "reject"
[request]
language = "python"
[plugins.fixture-canned]
answer = """```python
)" + code + R"(```
"""
[plugins.)" + plugin + R"(]
)");
}

} // namespace

TEST_CASE("the frozen v1.0 plugin's descriptor reads back in full", "[cli][abi]") {
    auto result = run_evo({"plugins", "inspect", fixture_file("fixture-frozen-v1-0").string()});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    auto described = boost::json::parse(result.out).as_object();
    CHECK(described.at("name") == "fixture-frozen-v1-0");
    CHECK(described.at("version") == "1.0.0");
    CHECK(described.at("kind") == "validator");
    CHECK(described.at("abi") == "1.0");
    CHECK(described.at("languages") == "python,shell");
    CHECK(described.at("thread_safe") == true);
    CHECK(described.at("config_schema").is_null());
}

TEST_CASE("a manifest composes the frozen v1.0 plugin", "[cli][abi]") {
    scratch_dir dir;
    auto result = check_manifest(frozen_pipeline(dir, "print(1)\n"));
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Contains("fixture-frozen-v1-0: fixture-frozen-v1-0 1.0.0 (validator)"));
}

TEST_CASE("the frozen v1.0 plugin judges code through the pipeline", "[cli][abi]") {
    scratch_dir dir;
    SECTION("its findings reach the report and reject the code") {
        auto manifest = frozen_pipeline(dir, "x = 1\ny = 2  # TODO finish\n");
        auto result = run_evo({"-m", manifest.string(), "gen", "two numbers"});
        INFO(result.err);
        CHECK(result.exit_code == 1);
        CHECK_THAT(
            result.err,
            Contains("<generated>:2: high [fixture-frozen-v1-0 FROZEN-TODO] unfinished code"));
    }
    SECTION("code it accepts is printed") {
        auto manifest = frozen_pipeline(dir, "x = 1\n");
        auto result = run_evo({"-m", manifest.string(), "gen", "one number"});
        INFO(result.err);
        CHECK(result.exit_code == 0);
        CHECK(result.out == "x = 1\n");
    }
}

// The same for the later frozen minors, in a host of a later minor still: ABI 1.1 (language
// table, identity, a 1.1-sized run_process request) and ABI 1.2 (a 1.2-sized language entry
// and run_process request).
TEST_CASE("a later frozen plugin loads and judges code through the pipeline", "[cli][abi]") {
    const std::string abi = GENERATE(as<std::string>{}, "1.1", "1.2");
    const std::string plugin = "fixture-frozen-v1-" + abi.substr(2);
    INFO(plugin);
    auto inspected = run_evo({"plugins", "inspect", fixture_file(plugin).string()});
    INFO(inspected.err);
    REQUIRE(inspected.exit_code == 0);
    auto described = boost::json::parse(inspected.out).as_object();
    CHECK(described.at("abi").as_string() == abi);
    CHECK(described.at("languages") == "python");
    scratch_dir dir;
    auto rejected = run_evo(
        {"-m", frozen_pipeline(dir, "x = 1  # TODO\n", plugin).string(), "gen", "one number"});
    INFO(rejected.err);
    CHECK(rejected.exit_code == 1);
    CHECK_THAT(rejected.err,
               Contains("<generated>:1: high [" + plugin + " FROZEN-TODO] unfinished code"));
    auto accepted =
        run_evo({"-m", frozen_pipeline(dir, "x = 1\n", plugin).string(), "gen", "one number"});
    INFO(accepted.err);
    CHECK(accepted.exit_code == 0);
    CHECK(accepted.out == "x = 1\n");
}
