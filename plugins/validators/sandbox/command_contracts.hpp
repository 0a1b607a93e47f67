// The command contracts the sandbox validator declares (evo_language, since 1.2): the files its
// validate() writes into the sandbox and runs, the runner, and how a model is asked to write the
// tests. Each file name is defined once, here, so the declaration and the test runs cannot
// drift apart; the macros exist only to splice the names into the instructions' literals.
#pragma once

#include <evo/plugin.hpp>

#define EVO_SANDBOX_PYTHON_MODULE "command"
#define EVO_SANDBOX_PYTHON_FILE EVO_SANDBOX_PYTHON_MODULE ".py"
#define EVO_SANDBOX_PYTHON_TEST_MODULE "test_command"
#define EVO_SANDBOX_PYTHON_TESTS EVO_SANDBOX_PYTHON_TEST_MODULE ".py"
#define EVO_SANDBOX_SHELL_FILE "command.sh"
#define EVO_SANDBOX_SHELL_TESTS "test_command.sh"
#define EVO_SANDBOX_SHELL_RUNNER "bash"

namespace evo_sandbox {

inline constexpr const char* python_code_file = EVO_SANDBOX_PYTHON_FILE;
inline constexpr const char* python_tests_file = EVO_SANDBOX_PYTHON_TESTS;
inline constexpr const char* python_tests_module = EVO_SANDBOX_PYTHON_TEST_MODULE;
inline constexpr const char* shell_code_file = EVO_SANDBOX_SHELL_FILE;
inline constexpr const char* shell_tests_file = EVO_SANDBOX_SHELL_TESTS;

// By name and contract alone, no extensions or shebangs: recognising files is the business of
// the validators that judge them (python-syntax, shell-syntax), and a language with nothing
// but a contract changes nothing about what `evo validate` recognises.
inline constexpr evo::language python_language{
    "python",
    "",
    "",
    "",
    python_code_file,
    python_tests_file,
    "python3",
    "a test module " EVO_SANDBOX_PYTHON_TESTS
    " of test_* functions using plain asserts (or unittest.TestCase classes) that run the "
    "program, e.g. subprocess.run([sys.executable, \"" EVO_SANDBOX_PYTHON_FILE
    "\", ...], input=..., capture_output=True, text=True), or import it "
    "(import " EVO_SANDBOX_PYTHON_MODULE
    ") when its logic is in functions and the script part is under if __name__ == \"__main__\""};

inline constexpr evo::language shell_language{
    "shell",
    "",
    "",
    "",
    shell_code_file,
    shell_tests_file,
    EVO_SANDBOX_SHELL_RUNNER,
    "a test script " EVO_SANDBOX_SHELL_TESTS " that runs `" EVO_SANDBOX_SHELL_RUNNER
    " " EVO_SANDBOX_SHELL_FILE " ...` on inputs and checks its output and exit status, prints "
    "\"ok - NAME\" or \"not ok - NAME\" for each check, and exits non-zero when any check failed"};

} // namespace evo_sandbox
