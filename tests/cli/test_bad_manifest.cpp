// A malformed manifest: exit code 2 and one line naming what is wrong and file:line:col.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

using namespace evo::test;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

// Writes `body` after a plugin_path line (line 1), so the body starts on line 2.
std::filesystem::path manifest_with(const scratch_dir& dir, const std::string& body) {
    return dir.write("evo.toml", fixture_plugin_path_line() + body);
}

} // namespace

TEST_CASE("a TOML syntax error is reported at its line and column", "[cli][manifest]") {
    scratch_dir dir;
    auto file = manifest_with(dir, "[pipeline\nvalidators = []\n");
    std::string line = config_error_line(check_manifest(file));
    CHECK_THAT(line, StartsWith(error_at(file, 2, 10) + "TOML syntax error: "));
}

TEST_CASE("an unknown top-level key is named with its position", "[cli][manifest]") {
    scratch_dir dir;
    auto file = manifest_with(dir, "colour = \"red\"\n");
    CHECK_THAT(config_error_line(check_manifest(file)),
               Equals(error_at(file, 2, 1) + "unknown key 'colour'"));
}

TEST_CASE("an unknown key in [pipeline] is named with its position", "[cli][manifest]") {
    scratch_dir dir;
    auto file = manifest_with(dir, "[pipeline]\nvalidator = [\"fixture-good\"]\n");
    CHECK_THAT(config_error_line(check_manifest(file)),
               Equals(error_at(file, 3, 1) + "unknown key 'validator' in [pipeline]"));
}

TEST_CASE("an unknown key in a plugin table is found by the plugin's schema", "[cli][manifest]") {
    scratch_dir dir;
    auto file = manifest_with(dir, "[plugins.fixture-good]\nmarker = \"TODO\"\ncolour = \"red\"\n");
    CHECK_THAT(
        config_error_line(check_manifest(file)),
        Equals(error_at(file, 4, 10) + "[plugins.fixture-good] colour: unknown key 'colour'"));
}

TEST_CASE("a value of the wrong type is named with its position", "[cli][manifest]") {
    scratch_dir dir;
    SECTION("a host key") {
        auto file = manifest_with(dir, "[pipeline]\nmax_repairs = \"two\"\n");
        CHECK_THAT(config_error_line(check_manifest(file)),
                   Equals(error_at(file, 3, 15) + "'max_repairs' must be an integer, got string"));
    }
    SECTION("a plugin key, through the plugin's schema") {
        auto file = manifest_with(
            dir, "[plugins.fixture-good]\nmarker = \"TODO\"\nmax_findings = \"ten\"\n");
        CHECK_THAT(config_error_line(check_manifest(file)),
                   Equals(error_at(file, 4, 16) +
                          "[plugins.fixture-good] max_findings: expected integer, got string"));
    }
    SECTION("a plugin key outside its enum") {
        auto file =
            manifest_with(dir, "[plugins.fixture-good]\nmarker = \"TODO\"\nseverity = \"huge\"\n");
        CHECK_THAT(config_error_line(check_manifest(file)),
                   Equals(error_at(file, 4, 12) + "[plugins.fixture-good] severity: must be one of "
                                                  "\"low\", \"medium\", \"high\", got \"huge\""));
    }
    SECTION("a plugin key below its minimum") {
        auto file =
            manifest_with(dir, "[plugins.fixture-good]\nmarker = \"TODO\"\nmax_findings = 0\n");
        CHECK_THAT(config_error_line(check_manifest(file)),
                   Equals(error_at(file, 4, 16) +
                          "[plugins.fixture-good] max_findings: must be at least 1, got 0"));
    }
}

TEST_CASE("a missing required key is reported at its table", "[cli][manifest]") {
    scratch_dir dir;
    auto file = manifest_with(dir, "[plugins.fixture-good]\nseverity = \"low\"\n");
    CHECK_THAT(
        config_error_line(check_manifest(file)),
        Equals(error_at(file, 2, 10) + "[plugins.fixture-good]: missing required key 'marker'"));
}

TEST_CASE("an unknown plugin ID in [pipeline] is reported where it is named", "[cli][manifest]") {
    scratch_dir dir;
    auto file = manifest_with(dir, "[pipeline]\nvalidators = [\"fixture-good\", \"nope\"]\n"
                                   "[plugins.fixture-good]\nmarker = \"TODO\"\n");
    CHECK_THAT(
        config_error_line(check_manifest(file)),
        Equals(error_at(file, 3, 31) +
               "[pipeline] validators: unknown plugin instance 'nope' (no [plugins.nope] table)"));
}

TEST_CASE("an unset ${VAR} without a default is reported where it is used", "[cli][manifest]") {
    scratch_dir dir;
    auto file = manifest_with(dir, "[plugins.fixture-good]\nmarker = \"${EVO_CLI_TEST_UNSET}\"\n");
    run_options unset;
    unset.env["EVO_CLI_TEST_UNSET"] = std::nullopt;
    CHECK_THAT(
        config_error_line(check_manifest(file, unset)),
        Equals(error_at(file, 3, 10) + "environment variable EVO_CLI_TEST_UNSET is not set"));
}

TEST_CASE("a manifest that does not exist is named", "[cli][manifest]") {
    scratch_dir dir;
    auto file = dir.path() / "absent.toml";
    CHECK_THAT(config_error_line(check_manifest(file)),
               Equals("evo: error: " + file.string() + ": no such manifest file"));
}
