// Inline suppressions in shell: the same `# evo: ignore[RULE]` and `# nosec` as in Python, on
// comments as the shell reads them.
#include "shell_rules.hpp"
#include "shell_suppressions.hpp"
#include "shellcheck.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using strings = std::vector<std::string>;

// The native rules' findings on `text` that its comments leave.
strings shown(std::string_view text) {
    const evo::shell::script parsed = evo::shell::parse(text);
    std::vector<evo::finding> found = evo::shell::analyze(parsed);
    evo::shell::drop_suppressed(found, evo::shell::suppressions_of(parsed));
    strings ids;
    for (const auto& f : found)
        ids.push_back(f.rule_id + "@" + std::to_string(f.line));
    return ids;
}

} // namespace

TEST_CASE("evo: ignore suppresses every rule or the listed ones in shell",
          "[shell-security][suppression]") {
    CHECK(shown("eval \"$x\"\n") == strings{"SH-EVAL@1"});
    CHECK(shown("eval \"$x\"  # evo: ignore\n").empty());
    CHECK(shown("eval \"$x\"  # evo: ignore[SH-EVAL]\n").empty());
    CHECK(shown("eval \"$x\"  # evo:ignore[SH-RM-ROOT, SH-EVAL]\n").empty());
    CHECK(shown("eval \"$x\"  # evo: ignore[SH-RM-ROOT]\n") == strings{"SH-EVAL@1"});
}

TEST_CASE("bandit's nosec works in shell too", "[shell-security][suppression]") {
    CHECK(shown("eval \"$x\"  # nosec\n").empty());
    CHECK(shown("eval \"$x\"  # nosec SH-EVAL\n").empty());
    CHECK(shown("eval \"$x\"  # nosec because x is ours\n").empty());
    CHECK(shown("eval \"$x\"  # nosec SH-RM-ROOT\n") == strings{"SH-EVAL@1"});
}

TEST_CASE("a shell suppression covers its own line only", "[shell-security][suppression]") {
    CHECK(shown("# evo: ignore\neval \"$x\"\neval \"$y\"  # evo: ignore\n") ==
          strings{"SH-EVAL@2"});
}

TEST_CASE("a # that is not a comment suppresses nothing", "[shell-security][suppression]") {
    CHECK(shown("eval \"$x # evo: ignore\"\n") == strings{"SH-EVAL@1"});
    CHECK(shown("eval \"$x\" '# nosec'\n") == strings{"SH-EVAL@1"});
    CHECK(shown("eval \"$x\" ${#x} evo: ignore\n") == strings{"SH-EVAL@1"});
    CHECK(shown("eval \"$x\" $# nosec\n") == strings{"SH-EVAL@1"});
    CHECK(shown("eval \"$x\" a#nosec\n") == strings{"SH-EVAL@1"});
    // A here-document's body is data, not the script's comments.
    CHECK(shown("cat <<EOF\n# evo: ignore\nEOF\neval \"$x\"\n") == strings{"SH-EVAL@4"});
}

TEST_CASE("shellcheck findings yield to the same comments, by code or rule id",
          "[shell-security][suppression]") {
    const std::string script = "echo $1  # evo: ignore[SC2086]\necho $2  # nosec SC2086\n"
                               "echo $3  # evo: ignore[SC2046]\n";
    const evo::shell::script parsed = evo::shell::parse(script);
    auto found = evo::shell::shellcheck_findings(R"json({"comments":[
        {"file":"-","line":1,"column":6,"level":"info","code":2086,"message":"Double quote"},
        {"file":"-","line":2,"column":6,"level":"info","code":2086,"message":"Double quote"},
        {"file":"-","line":3,"column":6,"level":"info","code":2086,"message":"Double quote"}]})json");
    evo::shell::drop_suppressed(found, evo::shell::suppressions_of(parsed));
    REQUIRE(found.size() == 1);
    CHECK(found[0].line == 3);
}

TEST_CASE("a shellcheck parse error cannot be suppressed", "[shell-security][suppression]") {
    const evo::shell::script parsed = evo::shell::parse("if true; then  # evo: ignore\n");
    auto found = evo::shell::shellcheck_findings(R"json({"comments":[
        {"file":"-","line":1,"column":1,"level":"error","code":1073,"message":"Couldn't parse"}]})json");
    evo::shell::drop_suppressed(found, evo::shell::suppressions_of(parsed));
    CHECK(found.size() == 1);
}
