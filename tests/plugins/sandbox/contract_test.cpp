// The command contracts the sandbox validator declares are the files it runs: tests written
// from the declaration alone (its file name, its runner) pass in the sandbox.
#include "sandbox_runtime.hpp"

#include <catch2/catch.hpp>

using evo::host::validator_verdict;
using evo_sandbox_test::sandbox_runtime;

TEST_CASE("sandbox: declares a command contract for python and shell", "[sandbox-validator]") {
    sandbox_runtime rt;
    const auto* python = rt.get().command_language("python");
    REQUIRE(python != nullptr);
    CHECK(python->file == "command.py");
    CHECK(python->test_file == "test_command.py");
    CHECK(python->runner == "python3");
    CHECK(python->test_instructions.find("test_command.py") != std::string::npos);
    const auto* shell = rt.get().command_language("shell");
    REQUIRE(shell != nullptr);
    CHECK(shell->file == "command.sh");
    CHECK(shell->test_file == "test_command.sh");
    CHECK(shell->runner == "bash");
    CHECK(rt.get().command_language("cpp") == nullptr);
    // Declaring a contract claims no files: `evo validate` recognises what shell-syntax says.
    CHECK(rt.get().languages().of_extension(".py").empty());
    CHECK(rt.get().languages().of_extension(".sh") == "shell");
}

TEST_CASE("sandbox: tests that run the declared file with the declared runner pass",
          "[sandbox-validator]") {
    sandbox_runtime rt;
    SECTION("python") {
        const auto& c = *rt.get().command_language("python");
        const auto o = rt.validate("python", "print('hi')\n",
                                   "import subprocess\n\ndef test_runs():\n"
                                   "    done = subprocess.run(['" +
                                       c.runner + "', '" + c.file +
                                       "'], capture_output=True, text=True)\n"
                                       "    assert done.stdout == 'hi\\n'\n");
        CHECK(o.verdict.outcome == validator_verdict::result::judged);
        CHECK(o.findings.empty());
    }
    SECTION("shell") {
        const auto& c = *rt.get().command_language("shell");
        const auto o = rt.validate("shell", "echo hi\n",
                                   "[ \"$(" + c.runner + " " + c.file +
                                       ")\" = hi ] && echo 'ok 1 - hi' || { echo 'not ok 1 - hi'; "
                                       "exit 1; }\n");
        CHECK(o.verdict.outcome == validator_verdict::result::judged);
        CHECK(o.findings.empty());
    }
}
