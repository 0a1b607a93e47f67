// Commands evo has evolved, as the CLI sees them: the names they may have, and running one
// (`evo NAME ARGS...`, `evo run NAME ARGS...`).
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace evo::cli {

inline constexpr std::size_t max_command_name = 64;

// [a-z0-9][a-z0-9-]*, at most max_command_name characters.
bool is_command_name(std::string_view name);

// Runs the current version of command `name` in the sandbox with `args` verbatim, evo's stdin,
// stdout and stderr; returns its exit code (128 + a signal). Opens the store read-only and
// loads no manifest and no plugin: it runs in shell loops. An unknown name is
// command_not_found_error ("unknown command 'x' ..."); a store that cannot be read, store_error.
int run_evolved_command(std::string_view name, const std::vector<std::string>& args);

} // namespace evo::cli
