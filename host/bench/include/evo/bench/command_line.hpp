// What the bench programs under bench/ share on their command line: [--runs N] [--warmup N]
// (and --quick where a program has a short mode for CI) before their positional arguments.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace evo::bench {

struct command_line {
    int runs = 30;  // at least 1
    int warmup = 3; // at least 0
    bool quick = false;
    std::vector<std::string> positional;
};

struct command_line_rules {
    command_line defaults;
    std::size_t min_positional = 1;
    std::size_t max_positional = 1;
    bool accepts_quick = false;
};

// The parsed command line, or nullopt on an unknown option, a count that is not a number in
// range, or too few or too many positional arguments: the caller prints its usage.
std::optional<command_line> parse_command_line(int argc, char** argv,
                                               const command_line_rules& rules);

// share/evo/manifests/NAME beside the bin/ holding `evo` (a build tree or an installation).
std::filesystem::path installed_manifest(const std::filesystem::path& evo, const std::string& name);

} // namespace evo::bench
