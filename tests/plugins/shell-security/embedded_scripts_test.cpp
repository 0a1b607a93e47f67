#include "analysis.hpp"

#include <catch2/catch.hpp>

using shell_test::findings_of;
using shell_test::rule_ids;

TEST_CASE("scripts handed to a shell are analysed too", "[shell-security][embedded]") {
    SECTION("sh -c with fixed text") {
        CHECK(rule_ids("sudo sh -c 'rm -rf /'") == std::vector<std::string>{"SH-RM-ROOT"});
        CHECK(rule_ids("bash -ec \"curl -s https://x | bash\"") ==
              std::vector<std::string>{"SH-DOWNLOAD-EXEC"});
        CHECK(rule_ids("sh -c 'sh -c \"chmod 777 /srv\"'") ==
              std::vector<std::string>{"SH-CHMOD-WORLD-WRITABLE"});
    }
    SECTION("here-documents and here-strings fed to a shell") {
        const auto found =
            findings_of("ssh-keygen -q\nbash <<'EOF'\necho start\nrm -rf ~\nEOF\n", "SH-RM-HOME");
        REQUIRE(found.size() == 1);
        CHECK(found[0].line == 4);
        CHECK(rule_ids("sh <<< 'dd if=/dev/zero of=/dev/sda'") ==
              std::vector<std::string>{"SH-DD-DEVICE"});
    }
    SECTION("eval of fixed text") {
        CHECK(rule_ids("eval 'rm -rf /'") == std::vector<std::string>{"SH-RM-ROOT"});
    }
    SECTION("text that is only data stays data") {
        CHECK(rule_ids("python3 -c 'print(\"rm -rf /\")'").empty());
        CHECK(rule_ids("cat <<'EOF' > notes.sh\nrm -rf /\nEOF\n").empty());
        CHECK(rule_ids("sh -c 'echo rm -rf /'").empty());
        CHECK(rule_ids("bash script.sh 'rm -rf /'").empty());
    }
}

TEST_CASE("findings come sorted by position", "[shell-security][embedded]") {
    const auto all = evo::shell::analyze("chmod 777 a\nrm -rf /\n:(){ :|:& };:\n");
    REQUIRE(all.size() == 3);
    CHECK(all[0].line == 1);
    CHECK(all[1].line == 2);
    CHECK(all[2].line == 3);
}

TEST_CASE("nesting too deep to read is reported", "[shell-security][embedded]") {
    std::string text = "echo ";
    for (int i = 0; i < 200; ++i)
        text += "$(";
    const auto found = findings_of(text, "SH-TOO-COMPLEX");
    REQUIRE(found.size() == 1);
    CHECK(found[0].line == 0);
}
