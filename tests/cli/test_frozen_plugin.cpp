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
// plugin is the only validator.
std::filesystem::path frozen_pipeline(const scratch_dir& dir, const std::string& code) {
    return dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
provider = "fixture-canned"
validators = ["fixture-frozen-v1-0"]
on_fail = "reject"
[request]
language = "python"
[plugins.fixture-canned]
answer = """```python
)" + code + R"(```
"""
[plugins.fixture-frozen-v1-0]
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

// The same for a plugin of ABI 1.1 (language table, identity, a 1.1-sized run_process
// request), in a host of a later minor.
TEST_CASE("the frozen v1.1 plugin loads and judges code through the pipeline", "[cli][abi]") {
    auto inspected = run_evo({"plugins", "inspect", fixture_file("fixture-frozen-v1-1").string()});
    INFO(inspected.err);
    REQUIRE(inspected.exit_code == 0);
    auto described = boost::json::parse(inspected.out).as_object();
    CHECK(described.at("abi") == "1.1");
    CHECK(described.at("languages") == "python");
    scratch_dir dir;
    auto pipeline = [&](const std::string& code) {
        return dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
provider = "fixture-canned"
validators = ["fixture-frozen-v1-1"]
on_fail = "reject"
[request]
language = "python"
[plugins.fixture-canned]
answer = """```python
)" + code + R"(```
"""
[plugins.fixture-frozen-v1-1]
)");
    };
    auto rejected = run_evo({"-m", pipeline("x = 1  # TODO\n").string(), "gen", "one number"});
    INFO(rejected.err);
    CHECK(rejected.exit_code == 1);
    CHECK_THAT(rejected.err, Contains("<generated>:1: high [fixture-frozen-v1-1 FROZEN-TODO] unfinished code"));
    auto accepted = run_evo({"-m", pipeline("x = 1\n").string(), "gen", "one number"});
    INFO(accepted.err);
    CHECK(accepted.exit_code == 0);
    CHECK(accepted.out == "x = 1\n");
}

// The same for a plugin of ABI 1.2 (a 1.2-sized language entry and run_process
// request), in a host of a later minor.
TEST_CASE("the frozen v1.2 plugin loads and judges code through the pipeline", "[cli][abi]") {
    auto inspected = run_evo({"plugins", "inspect", fixture_file("fixture-frozen-v1-2").string()});
    INFO(inspected.err);
    REQUIRE(inspected.exit_code == 0);
    auto described = boost::json::parse(inspected.out).as_object();
    CHECK(described.at("abi") == "1.2");
    CHECK(described.at("languages") == "python");
    scratch_dir dir;
    auto pipeline = [&](const std::string& code) {
        return dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
provider = "fixture-canned"
validators = ["fixture-frozen-v1-2"]
on_fail = "reject"
[request]
language = "python"
[plugins.fixture-canned]
answer = """```python
)" + code + R"(```
"""
[plugins.fixture-frozen-v1-2]
)");
    };
    auto rejected = run_evo({"-m", pipeline("x = 1  # TODO\n").string(), "gen", "one number"});
    INFO(rejected.err);
    CHECK(rejected.exit_code == 1);
    CHECK_THAT(rejected.err, Contains("<generated>:1: high [fixture-frozen-v1-2 FROZEN-TODO] unfinished code"));
    auto accepted = run_evo({"-m", pipeline("x = 1\n").string(), "gen", "one number"});
    INFO(accepted.err);
    CHECK(accepted.exit_code == 0);
    CHECK(accepted.out == "x = 1\n");
}
