// One finding per rule and call, however many arguments of the call trip the rule.
#include "analysis.hpp"

#include <catch2/catch.hpp>

using namespace python_security_test;

TEST_CASE("several offending arguments of one call give one finding per rule", "[one-per-call]") {
    auto code = R"py(
import requests, subprocess
connect(host, password="hunter2xyz!", passwd="s3cret-Value")
requests.get(url, verify=False, verify=False, timeout=None)
subprocess.run(cmd, shell=True, shell=True)
copy("/tmp/a.txt", "/tmp/b.txt")
)py";
    CHECK(lines_of(code, "PY-PASSWORD-ARG") == lines{2});
    CHECK(lines_of(code, "PY-TLS-VERIFY-OFF") == lines{3});
    CHECK(lines_of(code, "PY-REQUEST-NO-TIMEOUT") == lines{3});
    CHECK(lines_of(code, "PY-SUBPROCESS-SHELL") == lines{4});
    CHECK(lines_of(code, "PY-TEMP-PATH") == lines{5});
    // The survivor is the first offending argument.
    CHECK(with_rule(findings_in(code), "PY-PASSWORD-ARG")[0].column == 15);
}

TEST_CASE("distinct calls, nested calls, list elements and parameters keep their findings",
          "[one-per-call]") {
    auto code = R"py(
connect(host, password="hunter2xyz!"); connect(host, password="hunter2xyz!")
eval(eval(text))
copy(["/tmp/a.txt", "/tmp/b.txt"])
def connect(user, password="Adm1n-2024", token="ghp_Xa81kLq0"):
    pass
)py";
    CHECK(with_rule(findings_in(code), "PY-PASSWORD-ARG").size() == 2);
    CHECK(with_rule(findings_in(code), "PY-EVAL").size() == 2);
    CHECK(with_rule(findings_in(code), "PY-TEMP-PATH").size() == 2);
    CHECK(with_rule(findings_in(code), "PY-PASSWORD-DEFAULT").size() == 2);
}
