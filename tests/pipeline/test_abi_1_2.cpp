// ABI 1.2 through the real runtime and its services: tests reach a validator, run_process
// places files in the sandbox, EVO_NOT_APPLICABLE is "not judged" and its findings count for
// nothing, a bad file name is the plugin's invalid argument.
#include "scratch_dir.hpp"

#include <evo/host/call.hpp>
#include <evo/host/manifest.hpp>
#include <evo/host/runtime.hpp>

#include <catch2/catch.hpp>

#include <fstream>

using Catch::Matchers::Contains;
using evo::host::validator_verdict;

namespace {

struct files_runtime {
    evo::test::scratch_dir scratch;
    std::unique_ptr<evo::host::runtime> rt;

    files_runtime() {
        std::ofstream(scratch.path() / "evo.toml")
            << "plugin_path = \"" FIXTURE_DIR "\"\n"
            << "[pipeline]\nvalidators = [\"files\", \"no-bad\"]\n"
            << "[plugins.files]\n[plugins.no-bad]\nplugin = \"pattern\"\n"
            << "pattern = \"BAD\"\n";
        rt = std::make_unique<evo::host::runtime>(
            evo::host::load_manifest(scratch.path() / "evo.toml"),
            evo::host::locate_installation());
    }

    validator_verdict validate(std::string_view code, std::string_view tests,
                               std::vector<evo::host::finding_record>& findings) {
        evo::host::call_scope call;
        return rt->validate("files", call.raw(), code, "python", "", findings, tests);
    }
};

} // namespace

TEST_CASE("ABI 1.2: the tests reach the validator and its files the sandbox", "[pipeline]") {
    files_runtime f;
    CHECK(f.rt->runs_tests("files"));
    CHECK_FALSE(f.rt->runs_tests("no-bad"));
    std::vector<evo::host::finding_record> findings;
    const std::string code("print('hi')\n\0binary", 20);
    const auto verdict = f.validate(code, "program.py", findings);
    CHECK(verdict.outcome == validator_verdict::result::judged);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].message == code + "444\n");
}

TEST_CASE("ABI 1.2: not applicable is not judged, and what was reported before counts for nothing",
          "[pipeline]") {
    files_runtime f;
    evo::host::finding_record earlier;
    earlier.layer = "earlier";
    earlier.rule_id = "KEPT";
    std::vector<evo::host::finding_record> findings{earlier};
    const auto verdict = f.validate("x = 1\n", "", findings);
    CHECK(verdict.outcome == validator_verdict::result::not_applicable);
    CHECK(verdict.status == EVO_OK);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule_id == "KEPT"); // only the validator's own are dropped
}

TEST_CASE("ABI 1.2: a file name outside the work directory is refused, and nothing runs",
          "[pipeline]") {
    files_runtime f;
    for (const char* name : {"../escape.py", "/tmp/x.py", "a/b.py", ".."}) {
        INFO(name);
        std::vector<evo::host::finding_record> findings;
        const auto verdict = f.validate("x = 1\n", name, findings);
        CHECK(verdict.outcome == validator_verdict::result::failed);
        CHECK(verdict.status == EVO_ERR_INVALID_ARGUMENT);
        CHECK_THAT(verdict.error,
                   Contains("not a plain file name for the sandbox's work directory"));
        CHECK(findings.empty());
    }
}
