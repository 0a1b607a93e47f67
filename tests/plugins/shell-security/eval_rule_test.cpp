#include "analysis.hpp"

#include <catch2/catch.hpp>

using shell_test::findings_of;

TEST_CASE("eval of variables and command output", "[shell-security][eval]") {
    const std::string script =
        GENERATE("eval \"$cmd\"", "eval $cmd", "eval \"${cmd}\"", "eval $(ssh-agent -s)",
                 "eval \"echo $1\"", "eval `cat settings`", "eval echo \"$@\"", "bash -c \"$cmd\"",
                 "sh -c \"cd $dir && make\"", "sudo sh -c \"$(get_cmd)\"");
    CAPTURE(script);
    const auto found = findings_of(script, "SH-EVAL");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == EVO_SEVERITY_MEDIUM);
    CHECK(found[0].column == 1);
}

TEST_CASE("eval of fixed text and look-alikes give nothing", "[shell-security][eval]") {
    const std::string script =
        GENERATE("eval 'echo hello'", "eval echo hello", "echo eval \"$cmd\"", "echo 'eval $cmd'",
                 "# eval $cmd", "bash -c 'echo \"$1\"' bash \"$value\"", "sh script.sh \"$arg\"",
                 "evaluate \"$cmd\"", "x=eval");
    CAPTURE(script);
    CHECK(findings_of(script, "SH-EVAL").empty());
}
