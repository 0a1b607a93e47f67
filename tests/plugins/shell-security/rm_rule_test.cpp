#include "analysis.hpp"

#include <catch2/catch.hpp>

using shell_test::findings_of;
using shell_test::rule_ids;

TEST_CASE("rm -r on the root in any flag spelling", "[shell-security][rm]") {
    const std::string script = GENERATE(
        "rm -rf /", "rm -fr /", "rm -Rf /", "rm -r -f /", "rm -f -r /*", "rm -rfv /",
        "rm --recursive --force /", "rm --force --recursive -- /", "rm -rf //", "rm -rf /.",
        "rm -r '/'", "rm -rf \"/\"*", "sudo rm -rf /", "sudo -u root rm -rf /*",
        "FOO=1 env BAR=2 nice -n 5 rm -rf /", "/bin/rm -rf /", "\\rm -rf /", "timeout 10 rm -rf /",
        "busybox rm -rf /", "rm -rf /usr", "rm -rf /etc/", "rm -rf /boot/*", "rm -rf /home");
    CAPTURE(script);
    const auto found = findings_of(script, "SH-RM-ROOT");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == EVO_SEVERITY_HIGH);
    CHECK(found[0].line == 1);
    CHECK_FALSE(found[0].fix_hint.empty());
}

TEST_CASE("rm --no-preserve-root is reported whatever the target", "[shell-security][rm]") {
    const auto found = findings_of("rm -r --no-preserve-root \"$target\"", "SH-RM-ROOT");
    REQUIRE(found.size() == 1);
    CHECK(found[0].column == 1);
    CHECK(findings_of("rm -rf --no-preserve-root /", "SH-RM-ROOT").size() == 1);
}

TEST_CASE("rm -r on the home directory", "[shell-security][rm]") {
    const std::string script =
        GENERATE("rm -rf ~", "rm -rf ~/", "rm -rf ~/*", "rm -rf $HOME", "rm -rf \"$HOME\"",
                 "rm -rf \"${HOME}\"/*", "rm --recursive ${HOME:?}/");
    CAPTURE(script);
    CHECK(rule_ids(script) == std::vector<std::string>{"SH-RM-HOME"});
}

TEST_CASE("rm -r on a variable that may be empty or is unquoted", "[shell-security][rm]") {
    SECTION("becomes / when empty") {
        const std::string script =
            GENERATE("rm -rf $DIR/", "rm -rf \"$X\"/", "rm -rf \"$X/\"", "rm -rf \"${X}\"/*",
                     "rm -rf \"$(dirname x)\"/", "rm -rf \"${X:-/}\"", "rm -rf \"${X:+$Y}/\"");
        CAPTURE(script);
        const auto found = findings_of(script, "SH-RM-VAR");
        REQUIRE(found.size() == 1);
        CHECK(found[0].severity == EVO_SEVERITY_HIGH);
        CHECK(found[0].column == 8);
    }
    SECTION("unquoted expansions split and glob") {
        const std::string script =
            GENERATE("rm -rf $DIR", "rm -rf $TMPDIR/cache", "rm -rf build/$name", "rm -rf $(ls)");
        CAPTURE(script);
        const auto found = findings_of(script, "SH-RM-VAR");
        REQUIRE(found.size() == 1);
        CHECK(found[0].severity == EVO_SEVERITY_MEDIUM);
    }
}

TEST_CASE("rm that is not dangerous gives nothing", "[shell-security][rm]") {
    const std::string script = GENERATE(
        "rm -rf ./build", "rm -rf build/", "rm -rf /tmp/evo-build", "rm -rf \"${X:?}\"/",
        "rm -rf \"${X:?must be set}/\"*", "rm -rf \"$X\"", "rm -rf \"$BUILD_DIR/obj\"",
        "rm -rf \"${X:-/tmp/a}\"/", "rm -f /", "rm /tmp/x", "rm -rf /tmp/x.$$", "rm -rf -- \"$@\"",
        "rm -rf ~/.cache/evo", "rm -rf /var/lib/apt/lists/*", "rm -rf /usr/local/lib/evo",
        "echo rm -rf /", "echo 'rm -rf /'", "echo \"rm -rf /\"", "# rm -rf /", "echo ok # rm -rf /",
        "grep 'rm -rf /' notes.txt", "printf '%s\\n' \"rm -rf ~\"", "cat <<'EOF'\nrm -rf /\nEOF\n",
        "cat <<EOF\nrm -rf $HOME\nEOF\n", "x='rm -rf /'", "echo $'rm -rf /'", "rm -rf \\~");
    CAPTURE(script);
    CHECK(rule_ids(script).empty());
}

TEST_CASE("rm inside substitutions, conditions and loops still runs", "[shell-security][rm]") {
    const std::string script = GENERATE(
        "x=$(rm -rf /)", "x=`rm -rf /`", "echo \"$(rm -rf ~)\"", "if true; then rm -rf /; fi",
        "while true; do rm -rf /; done", "f() { rm -rf /; }", "true && rm -rf /",
        "false || rm -rf /", "(rm -rf /)", "{ rm -rf /; }", "case $x in\n  a) rm -rf / ;;\nesac",
        "cat <<EOF\n$(rm -rf /)\nEOF\n", "((rm -rf /) )", "echo $((rm -rf /) )");
    CAPTURE(script);
    const auto ids = rule_ids(script);
    CHECK(ids.size() == 1);
    CHECK(ids.at(0).starts_with("SH-RM-"));
}

// A variable the script itself set to a literal cannot be empty: `dir=/tmp/build` makes
// `rm -rf "$dir"/*` safe, as long as nothing else may have written dir.
TEST_CASE("rm on a variable assigned a literal is not possibly empty", "[shell-security][rm]") {
    const std::string script = GENERATE(
        "dir=/tmp/build\nrm -rf \"$dir\"/*", "dir=/tmp/build; rm -rf \"${dir}/\"",
        "dir='/tmp/a b'\nrm -rf \"$dir\"/", "dir=/tmp/build\nrm -rf $dir/*",
        "export dir=/tmp/build\nrm -rf \"$dir\"/*", "dir=/tmp/build\nexport dir\nrm -rf \"$dir\"/*",
        "dir=/tmp/build\nif [ -d x ]; then rm -rf \"$dir\"/*; fi",
        "dir=/tmp/build\nclean() { rm -rf \"$dir\"/*; }\nclean",
        "dir=/tmp/a\ndir=/tmp/b\nrm -rf \"$dir\"/*");
    CAPTURE(script);
    CHECK(rule_ids(script).empty());
}

TEST_CASE("rm on a variable the script may leave empty is still reported", "[shell-security][rm]") {
    const std::string script = GENERATE(
        // not a literal, or empty
        "dir=$1\nrm -rf \"$dir\"/*", "dir=$(pwd)\nrm -rf \"$dir\"/*", "dir=\nrm -rf \"$dir\"/*",
        "dir=''\nrm -rf \"$dir\"/*", "dir=${X}\nrm -rf \"$dir\"/*",
        // after the rm, or written otherwise too
        "rm -rf \"$dir\"/*\ndir=/tmp/build", "dir=/tmp/build\nread -r dir\nrm -rf \"$dir\"/*",
        "dir=/tmp/build\nunset dir\nrm -rf \"$dir\"/*", "dir=/tmp/build\ndir+=x\nrm -rf \"$dir\"/*",
        "dir=/tmp/build\nfor dir in a b; do :; done\nrm -rf \"$dir\"/*",
        "dir=/tmp/build\n: \"${dir:=}\"\nrm -rf \"$dir\"/*",
        "dir=/tmp/build\nsource ./env.sh\nrm -rf \"$dir\"/*",
        "dir=/tmp/build\neval \"$1\"\nrm -rf \"$dir\"/*",
        "dir=/tmp/build\ndir=$1\nrm -rf \"$dir\"/*",
        // conditional, or not in the script's own shell
        "if [ -n \"$1\" ]; then dir=/tmp/build; fi\nrm -rf \"$dir\"/*",
        "true && dir=/tmp/build\nrm -rf \"$dir\"/*",
        "case $1 in a) dir=/tmp/build ;; esac\nrm -rf \"$dir\"/*",
        "(dir=/tmp/build)\nrm -rf \"$dir\"/*", "dir=/tmp/build | cat\nrm -rf \"$dir\"/*",
        "f() { dir=/tmp/build; }\nf\nrm -rf \"$dir\"/*",
        "f() { local dir=/tmp/build; }\nrm -rf \"$dir\"/*", "dir=/tmp/build env\nrm -rf \"$dir\"/*",
        "while read -r x; do dir=/tmp/build; done\nrm -rf \"$dir\"/*",
        // a function that may run after a later write
        "dir=/tmp/build\nclean() { rm -rf \"$dir\"/*; }\ndir=$1\nclean");
    CAPTURE(script);
    const auto found = findings_of(script, "SH-RM-VAR");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == EVO_SEVERITY_HIGH);
}

TEST_CASE("a literal with blanks still splits when unquoted", "[shell-security][rm]") {
    const auto found = findings_of("dir='/tmp/a b'\nrm -rf $dir", "SH-RM-VAR");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == EVO_SEVERITY_MEDIUM);
}
