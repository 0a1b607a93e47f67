#include <evo/host/command_contract.hpp>

#include <algorithm>

namespace evo::host {
namespace {

std::string str(std::string_view s) {
    return std::string(s);
}

std::string how_to_test(const command_language& lang) {
    if (lang.language == "python")
        return "a test module " + str(lang.test_file) +
               " of test_* functions using plain asserts (or unittest.TestCase classes) that run "
               "the program, "
               "e.g. subprocess.run([sys.executable, \"" +
               str(lang.file) +
               "\", ...], input=..., capture_output=True, text=True), or import it (import "
               "command) when its "
               "logic is in functions and the script part is under if __name__ == \"__main__\"";
    return "a test script " + str(lang.test_file) + " that runs `" + str(lang.runner) + " " +
           str(lang.file) +
           " ...` on inputs and checks its output and exit status, prints \"ok - NAME\" or \"not "
           "ok - NAME\" "
           "for each check, and exits non-zero when any check failed";
}

} // namespace

const std::vector<command_language>& command_languages() {
    static const std::vector<command_language> languages{
        {"python", "command.py", "test_command.py", "python3"},
        {"shell", "command.sh", "test_command.sh", "bash"},
    };
    return languages;
}

const command_language* find_command_language(std::string_view language) {
    const auto& all = command_languages();
    auto it =
        std::find_if(all.begin(), all.end(), [&](const auto& l) { return l.language == language; });
    return it == all.end() ? nullptr : &*it;
}

std::string command_system_prompt(std::string_view name, const command_language& lang) {
    const std::string language = str(lang.language);
    return "You write command-line programs in " + language +
           ". The user describes a command named '" + str(name) +
           "'. Its contract: it takes its input from its arguments and stdin, writes its result to "
           "stdout "
           "(messages to stderr) and reports success with exit code 0, failure with a non-zero "
           "one. It is "
           "saved as " +
           str(lang.file) + " and run as `" + str(lang.runner) + " " + str(lang.file) +
           " ARGS...` in a sandbox: no network, only its working directory writable, no secrets in "
           "its "
           "environment. Prefer the standard library. The code must be safe: no shell injection, "
           "no eval "
           "of input, no hard-coded secrets.\n"
           "Answer with exactly two fenced code blocks: first the complete program (" +
           str(lang.file) + "), then its tests (" + str(lang.test_file) +
           "): " + how_to_test(lang) +
           ". The tests run in the program's directory; they must check the behaviour described, "
           "including edge cases.";
}

std::string_view command_repair_request() {
    return "Fix every problem and answer with the complete corrected program and its complete "
           "tests, in two "
           "fenced blocks as before.";
}

} // namespace evo::host
