// Shell tests run in the sandbox through a real runtime.
#include "sandbox_runtime.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using evo::host::validator_verdict;
using evo_sandbox_test::sandbox_runtime;

namespace {

constexpr const char* code = "#!/bin/bash\necho \"hello, ${1:-world}\"\n";

} // namespace

TEST_CASE("sandbox: shell tests that exit 0 pass", "[sandbox-validator]") {
    sandbox_runtime rt;
    const auto o = rt.validate("shell", code, R"sh(set -e
[ "$(./command.sh)" = "hello, world" ]
[ "$(bash command.sh evo)" = "hello, evo" ]
echo "ok 1 - greets"
)sh");
    CHECK(o.verdict.outcome == validator_verdict::result::judged);
    CHECK(o.findings.empty());
}

TEST_CASE("sandbox: failing shell tests are named by their TAP lines", "[sandbox-validator]") {
    sandbox_runtime rt;
    const auto o = rt.validate("shell", code, R"sh(out=$(./command.sh)
if [ "$out" = "hello, world" ]; then echo "ok 1 - default greeting"; else echo "not ok 1 - default greeting"; fi
echo "comparing names" >&2
if [ "$(./command.sh evo)" = "hi, evo" ]; then echo "ok 2 - named greeting"; else echo "not ok 2 - named greeting"; echo "# got: $(./command.sh evo)"; fi
echo "not ok 3 - later # TODO not written yet"
exit 1
)sh");
    const auto& f = o.only();
    CHECK(f.rule_id == "SANDBOX-TEST-FAILED");
    CHECK(f.message == "test named greeting failed:\ncomparing names\nnot ok 2 - named greeting\n# "
                       "got: hello, evo");
}

TEST_CASE("sandbox: a shell test script that fails without TAP lines is one failed test",
          "[sandbox-validator]") {
    sandbox_runtime rt;
    const auto o =
        rt.validate("shell", code,
                    "set -e\necho checking\n[ \"$(./command.sh)\" = \"bye\" ]\necho unreachable\n");
    const auto& f = o.only();
    CHECK(f.rule_id == "SANDBOX-TEST-FAILED");
    CHECK(f.message == "test test_command.sh failed:\nchecking");
}

TEST_CASE("sandbox: the program and its tests cannot be changed by the tests",
          "[sandbox-validator]") {
    sandbox_runtime rt;
    const auto o = rt.validate(
        "shell", code,
        R"sh(echo 'echo replaced' > command.sh 2>/dev/null && { echo "not ok 1 - command.sh was writable"; exit 1; }
rm -f test_command.sh 2>/dev/null; [ -f test_command.sh ] || { echo "not ok 2 - the tests were removed"; exit 1; }
echo "ok 1"
)sh");
    CHECK(o.findings.empty());
}
