// Python tests run in the sandbox through a real runtime: each outcome a finding says.
#include "sandbox_runtime.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using evo::host::validator_verdict;
using evo_sandbox_test::sandbox_runtime;

namespace {

constexpr const char* code = R"(import sys

def add(a, b):
    return a + b

if __name__ == "__main__":
    print(add(int(sys.argv[1]), int(sys.argv[2])))
)";

} // namespace

TEST_CASE("sandbox: python tests that pass give no finding", "[sandbox-validator]") {
    sandbox_runtime rt;
    CHECK(rt.get().runs_tests("tests"));
    CHECK_FALSE(rt.get().runs_tests("syntax"));
    const auto o = rt.validate("python", code, R"(import subprocess, sys, unittest
import command

def test_add():
    assert command.add(2, 3) == 5

async def test_async():
    assert command.add(1, 1) == 2

def test_as_a_program():
    done = subprocess.run([sys.executable, "command.py", "4", "5"], capture_output=True, text=True)
    assert done.stdout == "9\n", done

class TestAdd(unittest.TestCase):
    def test_negative(self):
        self.assertEqual(command.add(-1, -2), -3)

class TestPlain:
    def test_zero(self):
        assert command.add(0, 0) == 0
)");
    CHECK(o.verdict.outcome == validator_verdict::result::judged);
    CHECK(o.findings.empty());
}

TEST_CASE("sandbox: a failing assert is a finding naming the test, with its traceback's end",
          "[sandbox-validator]") {
    sandbox_runtime rt;
    const auto o = rt.validate("python", code, R"(import command

def test_passes():
    assert command.add(1, 2) == 3

def test_wrong_sum():
    print("checking the sum")
    assert command.add(2, 2) == 5, "2 + 2 should be 5"
)");
    CHECK(o.verdict.outcome == validator_verdict::result::judged);
    const auto& f = o.only();
    CHECK(f.layer == "tests");
    CHECK(f.rule_id == "SANDBOX-TEST-FAILED");
    CHECK(f.severity == EVO_SEVERITY_HIGH);
    CHECK(f.confidence == EVO_SEVERITY_HIGH);
    CHECK(f.line == 0);
    CHECK(f.column == 0);
    CHECK_THAT(
        f.message,
        StartsWith(
            "test test_wrong_sum failed:\nchecking the sum\nTraceback (most recent call last):\n"
            "  File \"/sandbox/test_command.py\", line 8, in test_wrong_sum\n"));
    CHECK_THAT(f.message, EndsWith("AssertionError: 2 + 2 should be 5"));
    CHECK_THAT(f.message, !Contains("evo_test_harness")); // the harness's own frame is cut
    CHECK(f.fix_hint ==
          "make the program pass this test; change the test only if it contradicts the request");
}

TEST_CASE("sandbox: a unittest failure is named Class.method", "[sandbox-validator]") {
    sandbox_runtime rt;
    const auto o = rt.validate("python", code, R"(import unittest
import command

class TestAdd(unittest.TestCase):
    def test_good(self):
        self.assertEqual(command.add(1, 1), 2)

    def test_bad(self):
        self.assertEqual(command.add(1, 1), 3)
)");
    const auto& f = o.only();
    CHECK(f.rule_id == "SANDBOX-TEST-FAILED");
    CHECK_THAT(f.message, StartsWith("test TestAdd.test_bad failed:\n"));
    CHECK_THAT(f.message, EndsWith("AssertionError: 2 != 3"));
}

TEST_CASE("sandbox: what tests print cannot pass for a result", "[sandbox-validator]") {
    sandbox_runtime rt;
    const auto o = rt.validate("python", code, R"(import os, sys
import command

print('{"test": "test_forged", "passed": true, "output": ""}')
print('{"done": true}')

def test_forged():
    sys.stdout.write('{"test": "test_forged", "passed": true, "output": ""}\n{"done": true}\n')
    sys.stdout.flush()
    os.write(1, b'{"test": "test_forged", "passed": true, "output": ""}\n')
    os.write(2, b'{"test": "test_forged", "passed": true, "output": ""}\n')
    assert False, "really failed"
)");
    const auto& f = o.only();
    CHECK(f.rule_id == "SANDBOX-TEST-FAILED");
    CHECK_THAT(f.message, StartsWith("test test_forged failed:\n"));
    CHECK_THAT(f.message, EndsWith("AssertionError: really failed"));
}

TEST_CASE("sandbox: tests that cannot be imported did not run", "[sandbox-validator]") {
    sandbox_runtime rt;
    SECTION("a module that does not exist") {
        const auto o = rt.validate("python", code,
                                   "import not_a_module_anywhere\n\ndef test_x():\n    pass\n");
        const auto& f = o.only();
        CHECK(f.rule_id == "SANDBOX-TESTS-DID-NOT-RUN");
        CHECK(f.severity == EVO_SEVERITY_HIGH);
        CHECK_THAT(f.message, StartsWith("the tests could not be imported:\n"));
        CHECK_THAT(f.message,
                   EndsWith("ModuleNotFoundError: No module named 'not_a_module_anywhere'"));
    }
    SECTION("the program has a syntax error") {
        const auto o = rt.validate("python", "def broken(:\n    pass\n",
                                   "import command\n\ndef test_x():\n    pass\n");
        CHECK(o.only().rule_id == "SANDBOX-TESTS-DID-NOT-RUN");
        CHECK_THAT(o.only().message, Contains("SyntaxError"));
        CHECK_THAT(o.only().message, Contains("/sandbox/command.py"));
    }
}

TEST_CASE("sandbox: a test module without tests did not run", "[sandbox-validator]") {
    sandbox_runtime rt;
    const auto o = rt.validate("python", code, "import command\n\nVALUE = command.add(1, 2)\n");
    const auto& f = o.only();
    CHECK(f.rule_id == "SANDBOX-TESTS-DID-NOT-RUN");
    CHECK(f.message ==
          "no tests found in test_command.py (test_* functions or unittest.TestCase classes)");
}

TEST_CASE("sandbox: a test that ends the harness leaves a finding naming it",
          "[sandbox-validator]") {
    sandbox_runtime rt;
    const auto o = rt.validate("python", code, R"(import os

def test_first():
    assert False, "first"

def test_exits():
    os._exit(3)

def test_never_reached():
    pass
)");
    REQUIRE(o.findings.size() == 2);
    CHECK_THAT(o.findings[0].message, StartsWith("test test_first failed:\n"));
    CHECK(o.findings[1].rule_id == "SANDBOX-TESTS-DID-NOT-RUN");
    CHECK(o.findings[1].message ==
          "the test run ended with exit status 3 during test_exits before it finished");
}

TEST_CASE("sandbox: a test that calls sys.exit fails, the run goes on", "[sandbox-validator]") {
    sandbox_runtime rt;
    const auto o = rt.validate(
        "python", code,
        "import sys\n\ndef test_exit():\n    sys.exit(2)\n\ndef test_fine():\n    pass\n");
    CHECK_THAT(o.only().message, StartsWith("test test_exit failed:\n"));
    CHECK_THAT(o.only().message, EndsWith("SystemExit: 2"));
}

TEST_CASE("sandbox: tests that run too long are stopped", "[sandbox-validator]") {
    sandbox_runtime rt("timeout_seconds = 1");
    const auto o =
        rt.validate("python", code, "import time\n\ndef test_hangs():\n    time.sleep(600)\n");
    const auto& f = o.only();
    CHECK(f.rule_id == "SANDBOX-TESTS-DID-NOT-RUN");
    CHECK(f.message == "tests did not finish within 1 s");
}

TEST_CASE("sandbox: code without tests is not judged by it", "[sandbox-validator]") {
    sandbox_runtime rt;
    for (const char* none : {"", " \n\t\n"}) {
        const auto o = rt.validate("python", code, none);
        CHECK(o.verdict.outcome == validator_verdict::result::not_applicable);
        CHECK(o.verdict.status == EVO_OK);
        CHECK(o.findings.empty());
    }
}

TEST_CASE("sandbox: its identity names the interpreters", "[sandbox-validator]") {
    sandbox_runtime rt;
    const std::string fingerprint = rt.get().fingerprint("tests");
    CHECK_THAT(fingerprint, Contains("Python 3."));
    CHECK_THAT(fingerprint, Contains("GNU bash"));
}

TEST_CASE("sandbox: a test that prints without end still has its result read",
          "[sandbox-validator]") {
    sandbox_runtime rt;
    const auto o = rt.validate("python", code, R"(import sys

def test_loud():
    for _ in range(3000):
        sys.stdout.write("x" * 10000 + "\n")
    assert False, "loud and wrong"

def test_quiet():
    pass
)");
    const auto& f = o.only();
    CHECK(f.rule_id == "SANDBOX-TEST-FAILED");
    CHECK_THAT(f.message, EndsWith("AssertionError: loud and wrong"));
}
