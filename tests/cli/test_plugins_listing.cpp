// evo plugins: every plugin file in the search path, loadable or not.
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <map>

using namespace evo::test;
using Catch::Matchers::Contains;

namespace {

run_options with_fixtures() {
    run_options options;
    options.env["EVO_PLUGIN_PATH"] = fixture_dir.string();
    return options;
}

// The listing's entries keyed by file name.
std::map<std::string, boost::json::object> by_file(const std::string& json_text) {
    std::map<std::string, boost::json::object> entries;
    boost::json::value listing = boost::json::parse(json_text);
    for (const auto& entry : listing.as_array()) {
        const auto& object = entry.as_object();
        std::filesystem::path file(std::string(object.at("file").as_string()));
        entries[file.filename().string()] = object;
    }
    return entries;
}

} // namespace

TEST_CASE("evo plugins --json describes every plugin found, loadable or not", "[cli][plugins]") {
    auto result = run_evo({"plugins", "--json"}, with_fixtures());
    INFO(result.err);
    CHECK(result.exit_code == 2); // some fixtures cannot be loaded, by design
    auto entries = by_file(result.out);

    REQUIRE(entries.count("evo-fixture-good.so"));
    const auto& good = entries["evo-fixture-good.so"];
    CHECK(good.at("name") == "fixture-good");
    CHECK(good.at("version") == "2.3.4");
    CHECK(good.at("kind") == "validator");
    CHECK(good.at("abi") == "1.0");
    CHECK(good.at("description") == "fixture: reports lines that contain a marker");
    CHECK(good.at("file").as_string() == fixture_file("fixture-good").string());

    REQUIRE(entries.count("evo-fixture-canned.so"));
    CHECK(entries["evo-fixture-canned.so"].at("kind") == "provider");
    REQUIRE(entries.count("evo-fixture-frozen-v1-0.so"));
    CHECK(entries["evo-fixture-frozen-v1-0.so"].at("abi") == "1.0");

    REQUIRE(entries.count("evo-fixture-wrong-major.so"));
    const auto& broken = entries["evo-fixture-wrong-major.so"];
    CHECK_FALSE(broken.contains("name"));
    CHECK_THAT(std::string(broken.at("error").as_string()), Contains("built for ABI 2.0"));
}

TEST_CASE("evo plugins prints a table with one row per plugin file", "[cli][plugins]") {
    auto result = run_evo({"plugins"}, with_fixtures());
    CHECK_THAT(result.out, Contains("fixture-good"));
    CHECK_THAT(result.out, Contains("2.3.4"));
    CHECK_THAT(result.out, Contains("cannot load: "));
}
