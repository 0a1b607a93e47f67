// The command line itself: version, help, usage errors, status.
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

// What follows `label` on its line of `text`; empty when no line starts with it.
std::string value_of(const std::string& text, const std::string& label) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind(label, 0) == 0) return line.substr(label.size());
    return {};
}

} // namespace

TEST_CASE("evo --version prints the release and the plugin ABI", "[cli]") {
    auto result = run_evo({"--version"});
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Equals("evo " EVO_VERSION " (plugin ABI 1.4)\n"));
}

TEST_CASE("evo --help lists every command", "[cli]") {
    auto result = run_evo({"--help"});
    CHECK(result.exit_code == 0);
    for (const char* command :
         {"gen", "plugins", "manifest", "status", "--manifest", "--verbose", "--log-format"})
        CHECK_THAT(result.out, Contains(command));
}

TEST_CASE("evo gen --help describes its options", "[cli]") {
    auto result = run_evo({"gen", "--help"});
    CHECK(result.exit_code == 0);
    for (const char* option : {"REQUEST", "--lang", "--json", "--no-cache"})
        CHECK_THAT(result.out, Contains(option));
}

TEST_CASE("evo without a command is a usage error", "[cli]") {
    auto result = run_evo({});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK_THAT(result.err, Contains("gen"));
}

TEST_CASE("an unknown command is a usage error", "[cli]") {
    auto result = run_evo({"frobnicate"});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK_THAT(
        result.err,
        Equals("evo: error: unknown command 'frobnicate' (evo --help lists the commands)\n"));
}

TEST_CASE("a usage error is one line naming the command's help", "[cli]") {
    auto missing = run_evo({"validate"});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Equals("evo: error: PATH is required (see evo validate --help)\n"));

    auto unknown_option = run_evo({"--frobnicate"});
    CHECK(unknown_option.exit_code == 2);
    CHECK_THAT(unknown_option.err, StartsWith("evo: error: "));
    CHECK_THAT(unknown_option.err, Contains("--frobnicate"));
    CHECK(std::count(unknown_option.err.begin(), unknown_option.err.end(), '\n') == 1);
}

TEST_CASE("evo status reports the manifest, its plugins and the machine", "[cli]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
validators = ["fixture-good"]
[plugins.fixture-good]
marker = "TODO"
)");
    auto result = run_evo({"-m", manifest.string(), "status"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.out, Contains("evo:        " EVO_VERSION " (plugin ABI 1.4)\n"));
    CHECK_THAT(result.out, Contains("manifest:   " + manifest.string() + "\n"));
    CHECK_THAT(result.out, Contains("plugin:     fixture-good = fixture-good 2.3.4 (validator)\n"));
    CHECK_THAT(result.out, Contains("validators fixture-good;"));
    std::istringstream cpus(value_of(result.out, "cpus:"));
    int cpu_count = 0;
    CHECK((cpus >> cpu_count && cpu_count > 0));
    std::istringstream load(value_of(result.out, "load:"));
    double one = -1, five = -1, fifteen = -1;
    CHECK((load >> one >> five >> fifteen && one >= 0 && five >= 0 && fifteen >= 0));
    std::istringstream memory(value_of(result.out, "free mem:"));
    long mib = 0;
    std::string unit;
    CHECK((memory >> mib >> unit && mib > 0 && unit == "MiB"));
}
