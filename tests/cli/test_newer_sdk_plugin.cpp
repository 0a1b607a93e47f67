// A plugin states the oldest ABI minor it needs, not the SDK it was compiled with: one built
// with a future SDK whose structs are larger than this host's, but which needs only 1.0, loads
// and runs; the fields it appended are never read.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

using namespace evo::test;

TEST_CASE("a plugin built with a newer SDK that needs only ABI 1.0 loads", "[cli][abi]") {
    SECTION("evo plugins inspect reads its descriptor") {
        auto result = run_evo({"plugins", "inspect", fixture_file("fixture-newer-sdk").string()});
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        auto described = boost::json::parse(result.out).as_object();
        CHECK(described.at("name") == "fixture-newer-sdk");
        CHECK(described.at("abi") == "1.0");
        CHECK(described.at("languages") == "python");
    }
    SECTION("a pipeline runs it") {
        scratch_dir dir;
        auto manifest = dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
validators = ["fixture-newer-sdk"]
[plugins.fixture-newer-sdk]
)");
        auto file = dir.write("ok.py", "print(1)\n");
        auto result =
            run_evo({"-m", manifest.string(), "validate", "--format", "json", file.string()});
        INFO(result.err);
        CHECK(result.exit_code == 0);
        auto summary = boost::json::parse(result.out).at("summary");
        CHECK(summary.at("files").to_number<int>() == 1);
        CHECK(summary.at("skipped").to_number<int>() == 0);
    }
}
