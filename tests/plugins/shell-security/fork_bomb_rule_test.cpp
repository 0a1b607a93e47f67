#include "analysis.hpp"

#include <catch2/catch.hpp>

using shell_test::findings_of;

TEST_CASE("fork bombs, classic and renamed", "[shell-security][fork-bomb]") {
    const std::string script =
        GENERATE(":(){ :|:& };:", ":() { : | : & }; :", "bomb() { bomb | bomb & }; bomb",
                 "f(){ f|f; }; f", "function spawn { spawn & spawn & }\nspawn",
                 "function g() { g | g & }", "x() {\n  x &\n  x &\n}\nx", "f() ( f | f & ); f");
    CAPTURE(script);
    const auto found = findings_of(script, "SH-FORK-BOMB");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == EVO_SEVERITY_HIGH);
    CHECK(found[0].line == 1);
    CHECK(found[0].column == 1);
}

TEST_CASE("functions that are not fork bombs give nothing", "[shell-security][fork-bomb]") {
    const std::string script =
        GENERATE("f() { echo hi; }; f", "countdown() { [ $1 -gt 0 ] && countdown $(($1 - 1)); }",
                 "f() { f; }", "f() { g | g & }", "f() { f & }",
                 "walk() { for d in *; do walk \"$d\"; done; }", "echo ':(){ :|:& };:'",
                 "# :(){ :|:& };:", "f() { other | f; }");
    CAPTURE(script);
    CHECK(findings_of(script, "SH-FORK-BOMB").empty());
}
