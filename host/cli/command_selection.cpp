#include "command_selection.hpp"

#include <algorithm>

namespace evo::cli {
namespace {

enum class global_option { unknown, flag, with_value, version, help };

// The global options main() declares, spelled as CLI11 accepts them. An option missing here
// only makes evo build every command, never parse a command line differently.
global_option classify(std::string_view word) {
    if (word == "--version") return global_option::version;
    if (word == "-h" || word == "--help") return global_option::help;
    if (word == "-m" || word == "--manifest" || word == "--log-format") return global_option::with_value;
    if (word.starts_with("--manifest=") || word.starts_with("--log-format=")) return global_option::flag;
    if (word == "--verbose") return global_option::flag;
    if (word.size() >= 2 && std::all_of(word.begin() + 1, word.end(), [](char c) { return c == 'v'; }))
        return global_option::flag; // -v, -vv, ...
    return global_option::unknown;
}

} // namespace

command_selection select_commands(int argc, const char* const* argv,
                                  std::span<const std::string_view> commands) {
    bool version = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (word.size() < 2 || word.front() != '-') {
            // A completion script covers every command: it is generated from all their parsers.
            if (word == "completion") return {};
            if (std::find(commands.begin(), commands.end(), word) != commands.end())
                return {command_selection::scope::one, word};
            return {};
        }
        switch (classify(word)) {
        case global_option::flag: break;
        case global_option::with_value: ++i; break;
        case global_option::version: version = true; break;
        case global_option::help:
        case global_option::unknown: return {};
        }
    }
    if (version) return {command_selection::scope::none, {}};
    return {};
}

} // namespace evo::cli
