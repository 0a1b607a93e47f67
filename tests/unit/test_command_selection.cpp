// Which commands' parsers evo builds for a command line (host/cli/command_selection.hpp): only
// the named command when that is certain, every command whenever it is not.
#include "command_selection.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

using evo::cli::command_selection;
using scope = command_selection::scope;

namespace {

constexpr std::array<std::string_view, 3> commands{"gen", "manifest", "validate"};

command_selection select(std::vector<const char*> words) {
    words.insert(words.begin(), "evo");
    return evo::cli::select_commands(static_cast<int>(words.size()), words.data(), commands);
}

} // namespace

TEST_CASE("the first word that is no option names the one command to build", "[cli][command_selection]") {
    auto only = [](std::vector<const char*> words) {
        const command_selection s = select(std::move(words));
        return s.what == scope::one ? std::string(s.name) : "(" + std::to_string(static_cast<int>(s.what)) + ")";
    };
    CHECK(only({"manifest", "check", "evo.toml"}) == "manifest");
    CHECK(only({"-m", "gen", "validate", "src"}) == "validate"); // "gen" is -m's value
    CHECK(only({"--manifest", "x.toml", "gen", "REQUEST"}) == "gen");
    CHECK(only({"--manifest=x.toml", "-vv", "--log-format", "json", "gen"}) == "gen");
    CHECK(only({"--log-format=json", "--verbose", "-v", "manifest"}) == "manifest");
    CHECK(only({"gen", "--help"}) == "gen");      // the command's own help
    CHECK(only({"--version", "gen"}) == "gen");
    CHECK(only({"validate", "manifest"}) == "validate"); // later words are the command's
}

TEST_CASE("every command is built when the command line does not name one for sure",
          "[cli][command_selection]") {
    for (const auto& words : std::vector<std::vector<const char*>>{
             {},                          // evo alone prints the help
             {"frobnicate"},              // an unknown command's error lists the commands
             {"--help"}, {"-h", "gen"},   // the help lists every command
             {"--frobnicate", "gen"},     // an option evo does not know here
             {"-mx.toml", "gen"},         // a spelling evo does not read here
             {"-m"}, {"--log-format"},    // a missing value
             {"--", "gen"}, {"-", "gen"}, // not an option, not a command
             {"--version", "--help"}, {"--help", "--version"}}) {
        CAPTURE(words);
        CHECK(select(words).what == scope::all);
    }
}

TEST_CASE("asking only for the version (--version) builds no command", "[cli][command_selection]") {
    CHECK(select({"--version"}).what == scope::none);
    CHECK(select({"-v", "--version", "-m", "x.toml"}).what == scope::none);
}

TEST_CASE("evo completion builds every command: its script is generated from all their parsers",
          "[cli][command_selection][completion]") {
    const std::array<std::string_view, 2> with_completion{"gen", "completion"};
    const char* words[] = {"evo", "completion", "bash"};
    CHECK(evo::cli::select_commands(3, words, with_completion).what == scope::all);
    const char* gen[] = {"evo", "gen", "x"};
    CHECK(evo::cli::select_commands(3, gen, with_completion).what == scope::one);
}
