#include "shellcheck.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using evo::shell::shellcheck_arguments;
using evo::shell::shellcheck_findings;

TEST_CASE("shellcheck reads the script from stdin in json1", "[shell-security][shellcheck]") {
    CHECK(shellcheck_arguments("/usr/bin/shellcheck", "echo hi", "sh") ==
          std::vector<std::string>{"/usr/bin/shellcheck", "--format=json1", "--shell=sh", "-"});
    CHECK(shellcheck_arguments("sc", "echo hi", "bash") ==
          std::vector<std::string>{"sc", "--format=json1", "--shell=bash", "-"});
    CHECK(shellcheck_arguments("sc", "echo hi", "shell") ==
          std::vector<std::string>{"sc", "--format=json1", "--shell=bash", "-"});
    // A shebang names the dialect itself.
    CHECK(shellcheck_arguments("sc", "#!/bin/sh\necho hi", "bash") ==
          std::vector<std::string>{"sc", "--format=json1", "-"});
}

TEST_CASE("shellcheck comments map to findings", "[shell-security][shellcheck]") {
    const auto found = shellcheck_findings(R"json({"comments":[
        {"file":"-","line":3,"endLine":3,"column":6,"endColumn":8,"level":"error","code":1073,"message":"Couldn't parse","fix":null},
        {"file":"-","line":1,"column":2,"level":"warning","code":2154,"message":"x is referenced but not assigned.","fix":null},
        {"file":"-","line":4,"column":1,"level":"info","code":2086,"message":"Double quote","fix":{"replacements":[]}},
        {"file":"-","line":5,"column":9,"level":"style","code":2006,"message":"Use $(...)"}]})json");
    REQUIRE(found.size() == 4);
    CHECK(found[0].rule_id == "SC1073");
    CHECK(found[0].external_id == "SC1073");
    CHECK(found[0].severity == EVO_SEVERITY_HIGH);
    CHECK(found[0].line == 3);
    CHECK(found[0].column == 6);
    CHECK(found[0].message == "Couldn't parse");
    CHECK(found[0].fix_hint == "see https://www.shellcheck.net/wiki/SC1073");
    CHECK(found[1].severity == EVO_SEVERITY_MEDIUM);
    CHECK(found[2].severity == EVO_SEVERITY_LOW);
    CHECK(found[3].severity == EVO_SEVERITY_LOW);
    CHECK(found[3].rule_id == "SC2006");
    CHECK(shellcheck_findings(R"({"comments":[]})").empty());
}

TEST_CASE("output that is not json1 is a protocol error", "[shell-security][shellcheck]") {
    const char* bad = GENERATE(
        "", "not json", "[]", R"({"comments":{}})", R"({"other":[]})",
        R"({"comments":[{"line":1,"column":1,"level":"error"}]})",
        R"({"comments":[{"code":"2086","line":1,"column":1,"level":"info","message":"m"}]})",
        R"({"comments":[{"code":2086,"line":-1,"column":1,"level":"info","message":"m"}]})",
        R"({"comments":[7]})");
    CAPTURE(bad);
    try {
        shellcheck_findings(bad);
        FAIL("accepted");
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_PROTOCOL);
    }
}

TEST_CASE("programs are found through PATH", "[shell-security][shellcheck]") {
    const auto sh = evo::shell::find_program("sh");
    REQUIRE(sh.has_value());
    CHECK(sh->ends_with("/sh"));
    CHECK(evo::shell::find_program("/bin/sh") == "/bin/sh");
    CHECK_FALSE(evo::shell::find_program("evo-no-such-program-here").has_value());
    CHECK_FALSE(evo::shell::find_program("/nonexistent/shellcheck").has_value());
    CHECK_FALSE(evo::shell::find_program("/etc/passwd").has_value());
    CHECK_FALSE(evo::shell::find_program("").has_value());
}
