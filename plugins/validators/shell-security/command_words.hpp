// What a command runs and with which words: the reading every rule shares.
#pragma once

#include "shell_ast.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::shell {

// The word's value when nothing in it expands (quotes removed).
std::optional<std::string> literal(const word& w);

// The literal text before the word's first expansion: "/etc/" for "/etc/$name".
std::string literal_prefix(const word& w);

// An option word such as "-rf" or "--force" (a literal starting with '-', not "-" itself).
bool is_option(const std::optional<std::string>& text);

// True when an expansion in the segments runs a command or reads a variable.
bool has_dynamic_part(const std::vector<segment>& segments);

// A command as it runs: leading assignments and wrappers that only change how it runs
// (sudo, env, nice, timeout, command, exec, ...) are peeled off.
struct invocation {
    std::string name;              // the program's basename; empty when it is not a literal
    const word* program = nullptr; // the word naming it
    std::vector<const word*> args;
};

// Empty when the command runs no program (only assignments or redirections).
std::optional<invocation> invoke(const command& c);

} // namespace evo::shell
