// Reading the Python harness's result lines.
#include "python_tests.hpp"

#include <catch2/catch.hpp>

#include <string>

using evo_sandbox::read_python_run;

namespace {

evo::process_output finished(int exit_code, std::string out, std::string err = "") {
    evo::process_output run;
    run.exit_code = exit_code;
    run.out = std::move(out);
    run.err = std::move(err);
    return run;
}

} // namespace

TEST_CASE("python tests: results in order, only failures kept", "[sandbox-validator]") {
    const auto report = read_python_run(finished(0, R"({"collected": 3}
{"started": "test_a"}
{"test": "test_a", "passed": true, "output": ""}
{"started": "test_b"}
{"test": "test_b", "passed": false, "output": "Traceback\nAssertionError\n"}
{"started": "T.test_c"}
{"test": "T.test_c", "passed": false, "output": "boom"}
{"done": true}
)"));
    REQUIRE(report.failed.size() == 2);
    CHECK(report.failed[0].name == "test_b");
    CHECK(report.failed[0].output == "Traceback\nAssertionError\n");
    CHECK(report.failed[1].name == "T.test_c");
    CHECK_FALSE(report.did_not_run);
}

TEST_CASE("python tests: a harness that never finished did not run, whatever its exit status",
          "[sandbox-validator]") {
    SECTION("exit 0") {
        const auto report =
            read_python_run(finished(0, "{\"collected\": 1}\n", "Fatal Python error\n"));
        REQUIRE(report.did_not_run);
        CHECK(report.did_not_run->why ==
              "the test run ended with exit status 0 before it finished");
        CHECK(report.did_not_run->output == "Fatal Python error\n");
    }
    SECTION("nothing at all") {
        const auto report = read_python_run(finished(137, ""));
        REQUIRE(report.did_not_run);
        CHECK(report.did_not_run->why ==
              "the test run ended with exit status 137 before it finished");
    }
    SECTION("a result without a passed flag is a failure") {
        const auto report =
            read_python_run(finished(0, "{\"test\": \"t\", \"output\": \"\"}\n{\"done\": true}\n"));
        REQUIRE(report.failed.size() == 1);
    }
}

TEST_CASE("python tests: import errors and empty modules did not run", "[sandbox-validator]") {
    const auto import =
        read_python_run(finished(0, "{\"error\": \"import\", \"output\": \"SyntaxError\"}\n"));
    REQUIRE(import.did_not_run);
    CHECK(import.did_not_run->why == "the tests could not be imported");
    CHECK(import.did_not_run->output == "SyntaxError");
    const auto none = read_python_run(finished(0, "{\"error\": \"none\", \"output\": \"\"}\n"));
    REQUIRE(none.did_not_run);
    CHECK(none.did_not_run->why ==
          "no tests found in test_command.py (test_* functions or unittest.TestCase classes)");
}
