// Reading a shell test script's run: exit status and TAP-like lines.
#include "shell_tests.hpp"

#include <catch2/catch.hpp>

using evo_sandbox::read_shell_run;

namespace {

evo::process_output finished(int exit_code, std::string out) {
    evo::process_output run;
    run.exit_code = exit_code;
    run.out = std::move(out);
    return run;
}

} // namespace

TEST_CASE("shell tests: exit 0 without a failure line passes", "[sandbox-validator]") {
    const auto report = read_shell_run(finished(0, "ok 1 - a\nok 2 - b\nsome chatter\n"));
    CHECK(report.failed.empty());
    CHECK_FALSE(report.did_not_run);
}

TEST_CASE("shell tests: each TAP-like form of a failure is named", "[sandbox-validator]") {
    const auto report = read_shell_run(finished(1, "not ok 1 - first one\n"
                                                   "not ok 2 second one\n"
                                                   "not ok third\n"
                                                   "not ok 4\n"
                                                   "not ok 5 - todo # TODO later\n"
                                                   "not ok 6 - skipped # skip no tool\n"
                                                   "not ok 7 - hash # a comment, not a directive\n"
                                                   "nothing not ok here\n"));
    std::vector<std::string> names;
    for (const auto& f : report.failed)
        names.push_back(f.name);
    CHECK(names == std::vector<std::string>{"first one", "second one", "third", "test 4", "hash"});
}

TEST_CASE("shell tests: a failure line fails even with exit 0", "[sandbox-validator]") {
    const auto report = read_shell_run(finished(0, "ok 1\nnot ok 2 - wrong\n"));
    REQUIRE(report.failed.size() == 1);
    CHECK(report.failed[0].name == "wrong");
}

TEST_CASE(
    "shell tests: a failed test's output is what came since the last result, and its diagnostics",
    "[sandbox-validator]") {
    const auto report = read_shell_run(
        finished(1, "setup\nok 1 - a\nexpected x\nnot ok 2 - b\n# got y\n#  at line 3\nafter\n"));
    REQUIRE(report.failed.size() == 1);
    CHECK(report.failed[0].output == "expected x\nnot ok 2 - b\n# got y\n#  at line 3\n");
}

TEST_CASE("shell tests: a non-zero exit without failure lines is the script's failure",
          "[sandbox-validator]") {
    const auto report = read_shell_run(finished(2, "test_command.sh: line 3: syntax error\n"));
    REQUIRE(report.failed.size() == 1);
    CHECK(report.failed[0].name == "test_command.sh");
    CHECK(report.failed[0].output == "test_command.sh: line 3: syntax error\n");
}

TEST_CASE("shell tests: a run the host killed did not run", "[sandbox-validator]") {
    auto run = finished(-1, "partial\n");
    run.term_signal = 9;
    const auto report = read_shell_run(run);
    REQUIRE(report.did_not_run);
    CHECK(report.did_not_run->why == "the tests were killed by signal 9");
}
