// evo validate on shell scripts by their shebang, and on files a validator could not judge
// within its limits: those are not checked (an operational error, exit 3), never a finding.
// Large inputs are generated here, under small limits, so the limit is hit fast.
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <unistd.h>

using namespace evo::test;
using Catch::Matchers::Contains;
namespace json = boost::json;

namespace {

std::filesystem::path pipeline(const scratch_dir& dir, const std::string& validators,
                               const std::string& plugins) {
    return dir.write("evo.toml", fixture_plugin_path_line() +
                                     "[pipeline]\nprovider = \"fixture-canned\"\n"
                                     "validators = [" +
                                     validators +
                                     "]\nfail_on = \"medium\"\n"
                                     "[plugins.fixture-canned]\nanswer = \"nothing\"\n" +
                                     plugins);
}

struct validate_run {
    run_result raw;
    json::object report;
    const json::array& findings() const { return report.at("findings").as_array(); }
    const json::array& errors() const { return report.at("errors").as_array(); }
    const json::array& skipped() const { return report.at("skipped").as_array(); }
    bool has_rule(std::string_view rule) const {
        for (const auto& f : findings())
            if (f.at("rule_id").as_string() == rule) return true;
        return false;
    }
    bool has_high() const {
        for (const auto& f : findings())
            if (f.at("severity").as_string() == "high") return true;
        return false;
    }
};

validate_run validate(const std::filesystem::path& manifest, const std::string& file) {
    validate_run r{run_evo({"-m", manifest.string(), "validate", "--format", "json", file}), {}};
    INFO(r.raw.err);
    r.report = json::parse(r.raw.out).as_object();
    return r;
}

bool installed(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    while (!dirs.empty()) {
        const std::string dir(dirs.substr(0, dirs.find(':')));
        if (::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
        dirs.remove_prefix(std::min(dirs.size(), dir.size() + 1));
    }
    return false;
}

std::string repeated(const std::string& piece, std::size_t times) {
    std::string text;
    text.reserve(piece.size() * times);
    for (std::size_t i = 0; i < times; ++i)
        text += piece;
    return text;
}

const std::string shell_plugins = "[plugins.shell-syntax]\nzsh = \"/nonexistent/evo/zsh\"\n"
                                  "[plugins.shell-security]\n";

} // namespace

TEST_CASE("a .sh file with a zsh shebang is not judged by bash", "[cli][shell]") {
    scratch_dir dir;
    const auto manifest = pipeline(dir, "\"shell-syntax\", \"shell-security\"", shell_plugins);
    // zsh syntax that bash -n rejects, and shellcheck would too
    const auto script = dir.write("setup.sh", "#!/usr/bin/env zsh\nfor f (a b) print $f\n");
    const auto r = validate(manifest, script.string());
    CHECK(r.raw.exit_code == 0);
    CHECK(r.findings().empty());
    REQUIRE(r.skipped().size() == 1);
    CHECK_THAT(std::string(r.skipped()[0].at("reason").as_string()),
               Contains("not judged: shell-syntax: ") && Contains("zsh is not installed") &&
                   Contains("shell-security: its rules and shellcheck read bash"));
    CHECK_THAT(r.raw.err, Contains("evo: skipped " + script.string()));
}

TEST_CASE("a .zsh file is judged by zsh or not at all", "[cli][shell]") {
    scratch_dir dir;
    const auto manifest = pipeline(dir, "\"shell-syntax\", \"shell-security\"", shell_plugins);
    const auto script = dir.write("rc.zsh", "for f (a b) print $f\n");
    const auto r = validate(manifest, script.string());
    CHECK(r.raw.exit_code == 0);
    CHECK(r.findings().empty());
    REQUIRE(r.skipped().size() == 1);
    CHECK_THAT(std::string(r.skipped()[0].at("reason").as_string()),
               Contains("not judged: shell-syntax: ") && Contains("zsh is not installed"));
}

TEST_CASE("a #!/bin/sh script is judged as POSIX sh, a #!/bin/bash one as bash", "[cli][shell]") {
    if (!installed("dash")) {
        WARN("dash is not installed: bash --posix judges #!/bin/sh, and it allows arrays");
        return;
    }
    scratch_dir dir;
    const auto manifest = pipeline(dir, "\"shell-syntax\"", shell_plugins);
    const std::string body = "files=(a b)\necho \"${files[0]}\"\n";
    const auto posix = validate(manifest, dir.write("posix.sh", "#!/bin/sh\n" + body).string());
    CHECK(posix.raw.exit_code == 1);
    CHECK(posix.has_rule("SH-SYNTAX"));
    const auto bash = validate(manifest, dir.write("bash.sh", "#!/bin/bash\n" + body).string());
    CHECK(bash.raw.exit_code == 0);
    CHECK(bash.findings().empty());
}

TEST_CASE("SH-RM-VAR: a variable assigned a literal is not possibly empty", "[cli][shell]") {
    scratch_dir dir;
    const auto manifest =
        pipeline(dir, "\"shell-security\"", "[plugins.shell-security]\nshellcheck = false\n");
    const auto literal =
        validate(manifest, dir.write("clean.sh", "dir=/tmp/build\nrm -rf \"$dir\"/*\n").string());
    CHECK(literal.raw.exit_code == 0);
    CHECK(literal.findings().empty());
    const auto argument =
        validate(manifest, dir.write("wipe.sh", "dir=$1\nrm -rf \"$dir\"/*\n").string());
    CHECK(argument.raw.exit_code == 1);
    CHECK(argument.has_rule("SH-RM-VAR"));
}

TEST_CASE("a shellcheck timeout leaves the file not checked: exit 3, no finding",
          "[cli][shell][limits]") {
    if (!installed("shellcheck")) {
        WARN("shellcheck is not installed: nothing to time out");
        return;
    }
    scratch_dir dir;
    const auto manifest =
        pipeline(dir, "\"shell-security\"", "[plugins.shell-security]\ntimeout_ms = 1\n");
    // About 2 MB of script: shellcheck takes seconds on it, far beyond 1 ms.
    const auto script =
        dir.write("big.sh", repeated("echo \"$HOME\" | tr a-z A-Z > /dev/null\n", 50000));
    const auto r = validate(manifest, script.string());
    CHECK(r.raw.exit_code == 3);
    CHECK_FALSE(r.has_high());
    REQUIRE(r.errors().size() == 1);
    const std::string reason(r.errors()[0].at("reason").as_string());
    CHECK_THAT(reason, Contains("not checked") && Contains("timeout_ms = 1"));
    CHECK_THAT(r.raw.err, Contains("evo: error: " + script.string()));
}

TEST_CASE("a Python file beyond the compiler's memory limit is not checked: exit 3, no finding",
          "[cli][limits]") {
    scratch_dir dir;
    const auto manifest = pipeline(dir, "\"python-syntax\"",
                                   "[plugins.python-syntax]\nworkers = 1\nmemory_limit_mb = 64\n");
    // Valid Python of 6 MB: CPython needs far more than 64 MB to compile it.
    const auto source = dir.write("big.py", repeated("x = 1\n", 1000000));
    const auto r = validate(manifest, source.string());
    CHECK(r.raw.exit_code == 3);
    CHECK(r.findings().empty());
    REQUIRE(r.errors().size() == 1);
    const std::string reason(r.errors()[0].at("reason").as_string());
    CHECK_THAT(reason, Contains("not checked") && Contains("memory_limit_mb = 64"));
}
