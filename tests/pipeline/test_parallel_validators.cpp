// [pipeline] parallel_validators: the validators of one piece of code run at once, and the
// verdict and findings are those of a sequential run, in manifest order.
#include "scratch_dir.hpp"

#include <evo/host/call.hpp>
#include <evo/host/pipeline.hpp>
#include <evo/host/validator_runs.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using evo::host::after_failure;
using evo::host::validator_run;
using evo::host::validator_verdict;

// Three pattern validators (fixtures/pattern_validator.cpp), each with its own rule, so the
// order of the findings shows which validator reported first.
std::unique_ptr<evo::host::runtime> compose(const evo::test::scratch_dir& scratch, bool parallel,
                                            const std::string& validator_extra = "") {
    const fs::path file = scratch.path() / (parallel ? "parallel.toml" : "sequential.toml");
    std::ofstream(file)
        << "plugin_path = \"" FIXTURE_DIR "\"\n"
        << "[pipeline]\nprovider = \"model\"\n"
        << "validators = [\"bad\", \"ugly\", \"evil\"]\n"
        << "parallel_validators = " << (parallel ? "true" : "false") << "\n"
        << "[plugins.model]\nplugin = \"scripted\"\n"
        << "answers = [\"```python\\nx = BAD + EVIL\\ny = UGLY\\n```\"]\n"
        << "[plugins.bad]\nplugin = \"pattern\"\npattern = \"BAD\"\nrule = \"R-BAD\"\n"
        << validator_extra << "\n"
        << "[plugins.ugly]\nplugin = \"pattern\"\npattern = \"UGLY\"\nrule = \"R-UGLY\"\n"
        << "severity = \"low\"\n"
        << validator_extra << "\n"
        << "[plugins.evil]\nplugin = \"pattern\"\npattern = \"EVIL\"\nrule = \"R-EVIL\"\n"
        << "severity = \"medium\"\n";
    return std::make_unique<evo::host::runtime>(evo::host::load_manifest(file),
                                                evo::host::locate_installation());
}

// Everything a finding says, as one line, so two runs compare as lists of strings.
std::vector<std::string> described(const std::vector<validator_run>& runs) {
    std::vector<std::string> out;
    for (const auto& r : runs) {
        out.push_back(r.id + " outcome " + std::to_string(static_cast<int>(r.verdict.outcome)) +
                      " status " + std::to_string(r.verdict.status));
        for (const auto& f : r.findings)
            out.push_back(f.layer + ' ' + f.rule_id + ' ' + std::to_string(f.severity) + ' ' +
                          f.file + ':' + std::to_string(f.line) + ':' + std::to_string(f.column) +
                          ' ' + f.message);
    }
    return out;
}

std::vector<validator_run> judge(evo::host::runtime& rt, const std::string& code,
                                 const std::string& language) {
    evo::host::call_scope call;
    return evo::host::run_validators(rt, call.raw(), code, language, "a.py", {},
                                     after_failure::go_on);
}

} // namespace

TEST_CASE("parallel validators give a sequential run's findings, in manifest order",
          "[pipeline][parallel]") {
    evo::test::scratch_dir scratch;
    auto sequential = compose(scratch, false);
    auto parallel = compose(scratch, true);
    const std::vector<std::pair<std::string, std::string>> inputs{
        {"x = 1\n", "python"},
        {"EVIL = 1\nBAD\nUGLY UGLY\n", "python"},
        {"UGLY\nEVIL BAD\nBAD EVIL UGLY\n", "python"},
        {"echo BAD\necho EVIL\n", "shell"},
        {"BAD\n", "javascript"}, // no validator judges it
    };
    for (const auto& [code, language] : inputs) {
        CAPTURE(code, language);
        for (int round = 0; round < 5; ++round) // scheduling varies: the result must not
            CHECK(described(judge(*parallel, code, language)) ==
                  described(judge(*sequential, code, language)));
    }
    auto runs = judge(*parallel, "UGLY\nEVIL BAD\n", "python");
    REQUIRE(runs.size() == 3);
    CHECK(runs[0].id == "bad");
    CHECK(runs[1].id == "ugly");
    CHECK(runs[2].id == "evil");
    REQUIRE(runs[0].findings.size() == 1);
    CHECK(runs[0].findings[0].rule_id == "R-BAD");
}

TEST_CASE("evo gen's verdict and findings are the same with parallel validators",
          "[pipeline][parallel]") {
    evo::test::scratch_dir scratch;
    auto generate = [](evo::host::runtime& rt) {
        evo::host::call_scope call;
        return evo::host::generate(rt, {"write f", "python", false}, call.raw());
    };
    auto sequential = generate(*compose(scratch, false));
    auto parallel = generate(*compose(scratch, true));
    CHECK(parallel.outcome == sequential.outcome);
    CHECK(parallel.attempts.size() == sequential.attempts.size());
    std::vector<std::string> seq, par;
    for (const auto& f : sequential.findings)
        seq.push_back(f.layer + ' ' + f.rule_id + ' ' + std::to_string(f.line));
    for (const auto& f : parallel.findings)
        par.push_back(f.layer + ' ' + f.rule_id + ' ' + std::to_string(f.line));
    CHECK(par == seq);
    CHECK(seq == std::vector<std::string>{"bad R-BAD 1", "ugly R-UGLY 2", "evil R-EVIL 1"});
}

TEST_CASE("parallel validators are inside validate() at the same time", "[pipeline][parallel]") {
    evo::test::scratch_dir scratch;
    // "bad" and "ugly" each wait until both are in validate(): only concurrent calls get past.
    SECTION("parallel: both arrive, so both judge") {
        auto rt = compose(scratch, true, "rendezvous = 2\nrendezvous_timeout_ms = 120000");
        auto runs = judge(*rt, "BAD\nUGLY\n", "python");
        REQUIRE(runs.size() == 3);
        for (const auto& r : runs) {
            CAPTURE(r.id, r.verdict.error);
            CHECK(r.verdict.outcome == validator_verdict::result::judged);
        }
    }
    SECTION("sequential: the second never arrives while the first waits, so both fail") {
        auto rt = compose(scratch, false, "rendezvous = 2\nrendezvous_timeout_ms = 1");
        auto runs = judge(*rt, "BAD\nUGLY\n", "python");
        REQUIRE(runs.size() == 3);
        CHECK(runs[0].verdict.outcome == validator_verdict::result::failed);
        CHECK(runs[0].verdict.error.find("never ran at the same time") != std::string::npos);
        CHECK(runs[1].verdict.outcome == validator_verdict::result::failed);
    }
}

TEST_CASE("with stop, a parallel run ends at the first failure in manifest order",
          "[pipeline][parallel]") {
    evo::test::scratch_dir scratch;
    // Only "bad" and "ugly" wait, with a timeout too short to meet: both fail, and the result
    // ends at "bad" as a sequential run would.
    auto rt = compose(scratch, true, "rendezvous = 3\nrendezvous_timeout_ms = 1");
    evo::host::call_scope call;
    auto runs = evo::host::run_validators(*rt, call.raw(), "BAD\n", "python", "a.py", {},
                                          after_failure::stop);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].id == "bad");
    CHECK(runs[0].verdict.outcome == validator_verdict::result::failed);
}
