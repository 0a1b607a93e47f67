// How evo finds its manifest and plugins, and expands the environment into a manifest.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

const std::string good_instance = "[plugins.fixture-good]\nmarker = \"TODO\"\n";

// A pipeline whose canned provider answers `answer` (a TOML string body), with no validators
// (so the answer is unvalidated, and accepted as such).
std::string answering(const std::string& answer) {
    return fixture_plugin_path_line() +
           "[pipeline]\nprovider = \"fixture-canned\"\nallow_unvalidated = true\n"
           "[plugins.fixture-canned]\nanswer = \"" +
           answer + "\"\n";
}

} // namespace

TEST_CASE("${VAR} and ${VAR:-default} expand from the environment", "[cli][manifest]") {
    scratch_dir dir;
    auto manifest =
        dir.write("evo.toml", answering("${EVO_CLI_TEST_WORD} ${EVO_CLI_TEST_OTHER:-fallback}"));
    run_options options;
    options.env["EVO_CLI_TEST_WORD"] = "hello";
    SECTION("an unset variable takes its default") {
        options.env["EVO_CLI_TEST_OTHER"] = std::nullopt;
        auto result = run_evo({"-m", manifest.string(), "gen", "greet"}, options);
        INFO(result.err);
        CHECK(result.exit_code == 0);
        CHECK(result.out == "hello fallback\n");
    }
    SECTION("a set variable wins over its default") {
        options.env["EVO_CLI_TEST_OTHER"] = "world";
        auto result = run_evo({"-m", manifest.string(), "gen", "greet"}, options);
        INFO(result.err);
        CHECK(result.exit_code == 0);
        CHECK(result.out == "hello world\n");
    }
}

TEST_CASE("a relative plugin_path is resolved against the manifest's directory",
          "[cli][manifest]") {
    scratch_dir dir;
    auto manifest = dir.write("project/evo.toml", "plugin_path = \"my-plugins\"\n" + good_instance);
    run_options elsewhere;
    elsewhere.cwd = dir.path(); // not the manifest's directory
    SECTION("the plugin is found there") {
        std::filesystem::create_directories(dir.path() / "project/my-plugins");
        std::filesystem::copy_file(fixture_file("fixture-good"),
                                   dir.path() / "project/my-plugins/evo-fixture-good.so");
        auto result = check_manifest(manifest, elsewhere);
        INFO(result.err);
        CHECK(result.exit_code == 0);
        CHECK_THAT(result.out, Contains("fixture-good: fixture-good 2.3.4 (validator)"));
    }
    SECTION("the directory searched is named when it is not") {
        CHECK_THAT(config_error_line(check_manifest(manifest, elsewhere)),
                   Contains("no evo-fixture-good.so in " +
                            (dir.path() / "project/my-plugins").string() + ", "));
    }
}

TEST_CASE("EVO_PLUGIN_PATH adds directories to the plugin search path", "[cli][manifest]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", good_instance);
    SECTION("with it the plugin is found") {
        run_options options;
        options.env["EVO_PLUGIN_PATH"] =
            (dir.path() / "nothing-here").string() + ":" + fixture_dir.string();
        auto result = check_manifest(manifest, options);
        INFO(result.err);
        CHECK(result.exit_code == 0);
    }
    SECTION("without it the plugin is not") {
        CHECK_THAT(config_error_line(check_manifest(manifest)),
                   Contains("plugin 'fixture-good' not found"));
    }
}

TEST_CASE("EVO_MANIFEST names the manifest, and -m overrides it", "[cli][manifest]") {
    scratch_dir dir;
    auto manifest = dir.write("chosen.toml", fixture_plugin_path_line() + good_instance);
    run_options options;
    SECTION("EVO_MANIFEST alone") {
        options.env["EVO_MANIFEST"] = manifest.string();
        auto result = run_evo({"manifest", "check"}, options);
        INFO(result.err);
        CHECK(result.exit_code == 0);
        CHECK_THAT(result.out, StartsWith(manifest.string() + ": ok, 1 plugin instance\n"));
    }
    SECTION("-m wins over EVO_MANIFEST") {
        options.env["EVO_MANIFEST"] = (dir.path() / "absent.toml").string();
        auto result = run_evo({"-m", manifest.string(), "manifest", "check"}, options);
        INFO(result.err);
        CHECK(result.exit_code == 0);
    }
}

TEST_CASE("./evo.toml is the manifest when none is named, once trusted", "[cli][manifest]") {
    scratch_dir dir;
    dir.write("evo.toml", fixture_plugin_path_line() + good_instance);
    run_options options;
    options.cwd = dir.path();
    options.env["XDG_STATE_HOME"] = dir.file("state"); // the trust store (test_trust.cpp)
    REQUIRE(run_evo({"trust"}, options).exit_code == 0);
    auto result = run_evo({"status"}, options);
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Contains("manifest:   evo.toml\n"));
    CHECK_THAT(result.out, Contains("plugin:     fixture-good = fixture-good 2.3.4 (validator)\n"));
}

TEST_CASE("one plugin serves two instances with two configurations", "[cli][manifest]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
provider = "fixture-canned"
validators = ["todo", "fixme"]
on_fail = "reject"
[plugins.fixture-canned]
answer = "```python\nx = 1  # FIXME\n```\n"
[plugins.todo]
plugin = "fixture-good"
marker = "TODO"
[plugins.fixme]
plugin = "fixture-good"
marker = "FIXME"
)");
    auto result = run_evo({"-m", manifest.string(), "gen", "a number"});
    INFO(result.err);
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, Contains("[fixme GOOD-MARKER] the line contains 'FIXME'"));
    CHECK_THAT(result.err, !Contains("[todo GOOD-MARKER]"));
}
