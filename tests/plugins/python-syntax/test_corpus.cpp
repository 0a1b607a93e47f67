// The plugin's verdicts on broken real files equal those of python3.11 itself.
#include "mutated_corpus.hpp"
#include "plugin_instance.hpp"
#include "reference_compiler.hpp"
#include "scratch_dir.hpp"
#include "worker_processes.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace evo::test;

namespace {

constexpr std::size_t sampled_modules = 150;

// Two host threads share one instance, as a parallel scheduler would.
std::vector<validation> validate_in_parallel(const plugin_instance& plugin,
                                             const std::vector<corpus_file>& corpus) {
    std::vector<validation> results(corpus.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i; (i = next++) < corpus.size();)
            results[i] = plugin.validate(corpus[i].text, corpus[i].path.string());
    };
    std::thread helper(work);
    work();
    helper.join();
    return results;
}

} // namespace

TEST_CASE("python-syntax: verdicts on mutated standard-library files equal python3.11's",
          "[python-syntax]") {
    REQUIRE(reference_version() == EVO_TEST_EMBEDDED_PYTHON_VERSION);
    scratch_dir scratch;
    const auto corpus =
        write_mutated_corpus(EVO_TEST_PYTHON_STDLIB, scratch.path(), sampled_modules);
    REQUIRE(corpus.size() == sampled_modules * 5);
    std::vector<std::filesystem::path> files;
    for (const auto& file : corpus)
        files.push_back(file.path);
    const auto expected = reference_verdicts(files);

    const plugin_instance plugin(R"({"workers": 2})");
    const auto actual = validate_in_parallel(plugin, corpus);
    CHECK(running_workers().size() <= 2);

    std::size_t rejected = 0;
    for (std::size_t i = 0; i < corpus.size(); ++i) {
        INFO(corpus[i].origin);
        REQUIRE(actual[i].status == EVO_OK);
        const auto want = expected_finding(expected[i]);
        if (!want) {
            INFO((actual[i].findings.empty() ? std::string() : actual[i].findings.front().message));
            CHECK(actual[i].findings.empty());
            continue;
        }
        ++rejected;
        REQUIRE(actual[i].findings.size() == 1);
        const reported_finding& got = actual[i].findings.front();
        CHECK(got.rule_id == want->rule_id);
        CHECK(got.message == want->message);
        CHECK(got.severity == EVO_SEVERITY_HIGH);
        CHECK(got.confidence == EVO_SEVERITY_HIGH);
        if (want->rule_id == "PY-SYNTAX") {
            CHECK(got.line == want->line);
            CHECK(got.column == want->column);
        }
    }
    // Both verdicts must be common for the comparison to mean something.
    CHECK(rejected >= corpus.size() / 5);
    CHECK(corpus.size() - rejected >= corpus.size() / 5);
}
