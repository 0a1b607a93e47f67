// Inline suppressions and the options that override them.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

namespace {

std::vector<std::string> codes(const std::vector<pysec::finding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings)
        out.emplace_back(f.rule->code);
    return out;
}

using strings = std::vector<std::string>;

} // namespace

TEST_CASE("evo: ignore suppresses every rule or the listed ones", "[suppression]") {
    CHECK(findings_in("eval(x)  # evo: ignore\n").empty());
    CHECK(findings_in("eval(x)  # evo: ignore[PY-EVAL]\n").empty());
    CHECK(findings_in("eval(x)  # evo:ignore[PY-EXEC, B307]\n").empty());
    CHECK(codes(findings_in("eval(x)  # evo: ignore[PY-EXEC]\n")) == strings{"PY-EVAL"});
}

TEST_CASE("bandit's nosec suppresses every rule or the listed bandit ids", "[suppression]") {
    CHECK(findings_in("eval(x)  # nosec\n").empty());
    CHECK(findings_in("eval(x)  # nosec B307\n").empty());
    CHECK(findings_in("eval(x)  # nosec: B307, B102\n").empty());
    CHECK(findings_in("eval(x)  # noqa: E501  # nosec\n").empty());
    CHECK(findings_in("eval(x)  # nosec because the input is a constant\n").empty());
    CHECK(codes(findings_in("eval(x)  # nosec B602\n")) == strings{"PY-EVAL"});
}

TEST_CASE("a suppression covers the reported line only", "[suppression]") {
    CHECK(lines_of(R"py(
# nosec
eval(x)
eval(y)  # nosec
import subprocess
subprocess.run(  # evo: ignore[B602]
    command,
    shell=True,  # nosec
)
)py",
                   "PY-EVAL") == lines{2});
    CHECK(lines_of(R"py(
import subprocess
subprocess.run(  # evo: ignore[B602]
    command,
    shell=True,
)
subprocess.run(
    command,
    shell=True,  # nosec
)
)py",
                   "PY-SUBPROCESS-SHELL") == lines{6});
}

TEST_CASE("a suppression names one rule of several on a line", "[suppression]") {
    CHECK(codes(findings_in(R"py(
import subprocess
subprocess.run("ls -l", shell=True)  # nosec B602
)py")) == strings{"PY-IMPORT-SUBPROCESS", "PY-PARTIAL-PATH"});
}

TEST_CASE("text that looks like a suppression inside a string does not count", "[suppression]") {
    CHECK(codes(findings_in("eval(x); note = '# nosec'\n")) == strings{"PY-EVAL"});
    CHECK(codes(findings_in("eval(x)  # see evo: ignored rules\n")) == strings{"PY-EVAL"});
}

TEST_CASE("ignore_suppressions reports what suppressions would hide", "[suppression]") {
    pysec::options settings;
    settings.ignore_suppressions = true;
    CHECK(codes(findings_in("eval(x)  # nosec\nexec(y)  # evo: ignore\n", settings)) ==
          strings{"PY-EVAL", "PY-EXEC"});
}

TEST_CASE("disabled rules are never reported", "[suppression]") {
    pysec::options settings;
    settings.disabled_rules = {pysec::rule::eval_call};
    CHECK(codes(findings_in("eval(x)\nexec(y)\n", settings)) == strings{"PY-EXEC"});
}
