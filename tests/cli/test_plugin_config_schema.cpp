// A plugin's table checked against its JSON Schema (draft 7, valijson) through the real
// binary: each violation is one line at the offending value's file:line:col, in plain words,
// with nothing of the libraries that judged it.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

// A [plugins.fixture-good] table whose line 4 is `line`.
std::filesystem::path table_with(const scratch_dir& dir, const std::string& line) {
    return dir.write("evo.toml", fixture_plugin_path_line() +
                                     "[plugins.fixture-good]\nmarker = \"TODO\"\n" + line + "\n");
}

std::string schema_error(const std::filesystem::path& file, unsigned column, const std::string& text) {
    return error_at(file, 4, column) + "[plugins.fixture-good] " + text;
}

// Nothing of Boost, valijson or toml++ may show: no source locations, no "<root> [key]".
void check_plain(const std::string& line) {
    for (const char* internal : {"boost", "valijson", "<root>", ".hpp", "[boost", "#/"})
        CHECK_THAT(line, !Contains(internal, Catch::CaseSensitive::No));
}

} // namespace

TEST_CASE("schema: pattern and string lengths are enforced", "[cli][manifest][schema]") {
    scratch_dir dir;
    SECTION("pattern") {
        auto file = table_with(dir, "tag = \"Bad Tag\"");
        CHECK_THAT(config_error_line(check_manifest(file)),
                   Equals(schema_error(file, 7, "tag: must match the pattern \"^[a-z][a-z0-9-]*$\", got \"Bad Tag\"")));
    }
    SECTION("minLength") {
        auto file = table_with(dir, "tag = \"x\"");
        CHECK_THAT(config_error_line(check_manifest(file)),
                   Equals(schema_error(file, 7, "tag: must be at least 2 characters long, got \"x\"")));
    }
    SECTION("maxLength") {
        auto file = table_with(dir, "tag = \"a-very-long-tag-indeed\"");
        CHECK_THAT(config_error_line(check_manifest(file)),
                   Equals(schema_error(file, 7, "tag: must be at most 16 characters long, got \"a-very-long-tag-indeed\"")));
    }
    SECTION("a value that satisfies all three") {
        CHECK(check_manifest(table_with(dir, "tag = \"ok-tag\"")).exit_code == 0);
    }
}

TEST_CASE("schema: oneOf is enforced", "[cli][manifest][schema]") {
    scratch_dir dir;
    CHECK(check_manifest(table_with(dir, "window = 5")).exit_code == 0);
    CHECK(check_manifest(table_with(dir, "window = \"all\"")).exit_code == 0);
    auto file = table_with(dir, "window = \"some\"");
    std::string line = config_error_line(check_manifest(file));
    CHECK_THAT(line, Equals(schema_error(file, 10, "window: does not fit any of the forms the schema allows, got \"some\"")));
    check_plain(line);
}

TEST_CASE("schema: numbers beyond any integer are clean errors", "[cli][manifest][schema]") {
    scratch_dir dir;
    SECTION("1e300 where an integer is expected") {
        auto file = table_with(dir, "max_findings = 1e300");
        std::string line = config_error_line(check_manifest(file));
        CHECK_THAT(line, Equals(schema_error(file, 16, "max_findings: expected integer, got number")));
    }
    SECTION("1e300 against a maximum") {
        auto file = table_with(dir, "window = -1e300");
        std::string line = config_error_line(check_manifest(file));
        CHECK_THAT(line, StartsWith(schema_error(file, 10, "window: does not fit any of the forms")));
    }
    SECTION("an integer the schema allows but the plugin cannot hold") {
        auto file = table_with(dir, "context_lines = 9223372036854775807");
        std::string line = config_error_line(check_manifest(file));
        CHECK_THAT(line, Contains("plugin 'fixture-good' failed to start: config: 'context_lines' is out of "
                                  "range for this plugin, got 9223372036854775807"));
        check_plain(line);
    }
    SECTION("an integer TOML cannot hold") {
        std::string line =
            config_error_line(check_manifest(table_with(dir, "context_lines = 99999999999999999999")));
        check_plain(line);
    }
}

TEST_CASE("schema: a whole-valued float is an integer", "[cli][manifest][schema]") {
    scratch_dir dir;
    CHECK(check_manifest(table_with(dir, "max_findings = 3.0")).exit_code == 0);
}
