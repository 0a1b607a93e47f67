// The commands evo itself answers to, in the order --help lists them: one table serves the
// parsers main() builds, the fast path of `evo NAME`, and the names evolve refuses.
#pragma once

#include "context.hpp"

#include <span>
#include <string_view>

namespace evo::cli {

struct builtin_command {
    std::string_view name;
    void (*add)(CLI::App&, context&, exit_slot);
};

std::span<const builtin_command> builtin_commands();
// Their names alone, for select_commands (command_selection.hpp).
std::span<const std::string_view> builtin_command_names();
// A name evo itself answers to: a built-in command, or "help".
bool is_builtin_command(std::string_view name);

} // namespace evo::cli
