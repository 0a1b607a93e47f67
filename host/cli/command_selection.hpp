// Which commands' parsers a command line needs, read before any parser is built: building all
// of them (CLI11 options, checks, help text) is most of what `evo --version` spends in main(),
// and it grows with every command.
#pragma once

#include <span>
#include <string_view>

namespace evo::cli {

struct command_selection {
    enum class scope { all, one, none } what = scope::all;
    std::string_view name; // the command, when `what` is one
};

// One command when the first word that is not an option names one of `commands`; none for
// `--version` without a command; all otherwise (no command, a word that names no command,
// help, an option not known here), so that help and usage errors see every command as before.
command_selection select_commands(int argc, const char* const* argv,
                                  std::span<const std::string_view> commands);

} // namespace evo::cli
