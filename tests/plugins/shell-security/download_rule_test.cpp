#include "analysis.hpp"

#include <catch2/catch.hpp>

using shell_test::findings_of;

TEST_CASE("downloads piped into a shell or interpreter", "[shell-security][download]") {
    const std::string script = GENERATE(
        "curl -fsSL https://example.com/install.sh | sh", "curl https://x | bash",
        "wget -O- https://x | bash", "wget -qO - https://x | sudo bash -s -- --yes",
        "curl -s https://x | sudo -E sh", "curl https://x | python3", "curl https://x | python3 -",
        "curl https://x | perl", "curl https://x | tee install.log | sh",
        "curl -s https://x |\n  bash", "curl https://x | source /dev/stdin",
        "(curl https://x) | sh", "curl https://x |& sh", "x=$(curl https://x | sh)");
    CAPTURE(script);
    const auto found = findings_of(script, "SH-DOWNLOAD-EXEC");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == EVO_SEVERITY_HIGH);
    CHECK(found[0].confidence == EVO_SEVERITY_HIGH);
}

TEST_CASE("downloads run through substitutions", "[shell-security][download]") {
    const std::string script = GENERATE(
        "sh -c \"$(curl -fsSL https://x)\"", "bash -c \"$(wget -qO- https://x)\"",
        "bash <(curl -s https://x)", "source <(curl -s https://x)", ". <(wget -qO- https://x)",
        "python3 <<< \"$(curl -s https://x)\"", "bash < <(curl -s https://x)",
        "eval \"$(curl -s https://x)\"", "python3 -c \"$(curl -s https://x)\"",
        "bash -c \"`curl -s https://x`\"", "bash <<EOF\n$(curl -s https://x)\nEOF\n");
    CAPTURE(script);
    CHECK(findings_of(script, "SH-DOWNLOAD-EXEC").size() == 1);
}

TEST_CASE("downloads that are not run give nothing", "[shell-security][download]") {
    const std::string script = GENERATE(
        "curl -fsSL -o install.sh https://x", "curl https://x | tar xz",
        "curl https://x | python3 parse.py", "curl https://x | sh -c 'cat > out.txt'",
        "curl https://x | jq .", "wget https://x", "echo 'curl https://x | sh'",
        "# curl https://x | sh", "curl https://x; sh build.sh",
        "bash script.sh \"$(curl -s https://x)\"", "echo \"$(curl -s https://x)\" | grep ok",
        "cat <<'EOF' | sh\necho hi\nEOF\n", "printf '%s' \"curl x | bash\"");
    CAPTURE(script);
    CHECK(findings_of(script, "SH-DOWNLOAD-EXEC").empty());
}

TEST_CASE("the finding points at the download", "[shell-security][download]") {
    const auto found = findings_of("set -e\n  curl -s https://x | sh\n", "SH-DOWNLOAD-EXEC");
    REQUIRE(found.size() == 1);
    CHECK(found[0].line == 2);
    CHECK(found[0].column == 3);
}
