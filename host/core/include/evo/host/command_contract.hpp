// The contract of a command evo evolves: arguments and stdin in, stdout and exit code out; the
// program run by an interpreter in the sandbox, and tests written with it. What the contract
// says depends on the language (the file names, the interpreter, how tests are written), so
// the languages evo can evolve commands in are the ones described here: the sandbox validator
// runs exactly these files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

struct command_language {
    std::string_view language;  // canonical, as the validators declare it
    std::string_view file;      // the program, in the sandbox's work directory
    std::string_view test_file; // its tests, next to it
    std::string_view runner;    // the interpreter: RUNNER FILE ARGS...
};

// The languages commands can be evolved in: python, shell.
const std::vector<command_language>& command_languages();
// nullptr when commands cannot be evolved in `language` (canonical name).
const command_language* find_command_language(std::string_view language);

// The system prompt of `evo evolve NAME`: the contract, and both blocks asked for.
std::string command_system_prompt(std::string_view name, const command_language& lang);
// The repair prompt's last sentence for a command: both blocks again.
std::string_view command_repair_request();

} // namespace evo::host
