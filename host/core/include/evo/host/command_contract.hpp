// The contract of a command evo evolves: arguments and stdin in, stdout and exit code out; the
// program run by a runner in the sandbox, and tests written with it. What the contract says in
// a given language (the file names, the runner, how tests are written) is declared by the
// validator that runs the tests (runtime::command_language): the host only words the request.
#pragma once

#include <evo/host/language_map.hpp>

#include <string>
#include <string_view>

namespace evo::host {

// The system prompt of `evo evolve NAME`: the contract, and both blocks asked for.
std::string command_system_prompt(std::string_view name, const command_language& lang);
// The repair prompt's last sentence for a command: both blocks again.
std::string_view command_repair_request();

} // namespace evo::host
