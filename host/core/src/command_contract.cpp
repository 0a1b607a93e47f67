#include <evo/host/command_contract.hpp>

namespace evo::host {

std::string command_system_prompt(std::string_view name, const command_language& lang) {
    return "You write command-line programs in " + lang.language +
           ". The user describes a command named '" + std::string(name) +
           "'. Its contract: it takes its input from its arguments and stdin, writes its result to "
           "stdout (messages to stderr) and reports success with exit code 0, failure with a "
           "non-zero one. It is saved as " +
           lang.file + " and run as `" + lang.runner + " " + lang.file +
           " ARGS...` in a sandbox: no network, only its working directory writable, no secrets in "
           "its environment. Prefer the standard library. The code must be safe: no shell "
           "injection, no eval of input, no hard-coded secrets.\n"
           "Answer with exactly two fenced code blocks: first the complete program (" +
           lang.file + "), then its tests (" + lang.test_file + "): " + lang.test_instructions +
           ". The tests run in the program's directory; they must check the behaviour described, "
           "including edge cases.";
}

std::string_view command_repair_request() {
    return "Fix every problem and answer with the complete corrected program and its complete "
           "tests, in two fenced blocks as before.";
}

} // namespace evo::host
