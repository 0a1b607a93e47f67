// Fail closed: code no validator judged is never "passed", and every file evo validate is
// given ends checked, skipped with the reason, or errored (exit 3) -- never silently dropped.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <filesystem>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

namespace json = boost::json;

// The canned provider answers JavaScript; the only validator judges python and shell.
std::string javascript_pipeline(const std::string& pipeline_extra = "") {
    return fixture_plugin_path_line() +
           "[pipeline]\nprovider = \"fixture-canned\"\nvalidators = [\"fixture-good\"]\n" +
           pipeline_extra +
           "\n[plugins.fixture-canned]\nanswer = \"```javascript\\nconsole.log(1)\\n```\\n\"\n"
           "[plugins.fixture-good]\nmarker = \"TODO\"\n";
}

// fixture-good judges the files; `scheduler_config` (e.g. "drop = 0") breaks the scheduler.
std::string validating_pipeline(const std::string& scheduler_config = "") {
    std::string text = fixture_plugin_path_line() + "[pipeline]\nvalidators = [\"fixture-good\"]\n";
    if (!scheduler_config.empty()) text += "scheduler = \"fixture-careless\"\n";
    text += "[plugins.fixture-good]\nmarker = \"TODO\"\n";
    if (!scheduler_config.empty()) text += "[plugins.fixture-careless]\n" + scheduler_config + "\n";
    return text;
}

} // namespace

TEST_CASE("gen of a language no validator judges is unvalidated: exit 1, no code",
          "[cli][gen][fail-closed]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", javascript_pipeline());
    auto result = run_evo({"-m", manifest.string(), "gen", "--lang", "javascript", "print 1"});
    CHECK(result.exit_code == 1);
    CHECK(result.out.empty());
    CHECK_THAT(
        result.err,
        Contains("evo: error: no validator of the pipeline judges javascript, so the code is "
                 "unvalidated; refused (set [pipeline] allow_unvalidated = true to accept it)\n"));
}

TEST_CASE("gen --json says unvalidated", "[cli][gen][fail-closed]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", javascript_pipeline());
    auto result = run_evo({"-m", manifest.string(), "gen", "--json", "--lang", "javascript", "x"});
    CHECK(result.exit_code == 1);
    auto o = json_object(result.out);
    CHECK(o.at("outcome").as_string() == "unvalidated");
    CHECK(o.at("unvalidated").as_bool());
}

TEST_CASE("allow_unvalidated accepts unvalidated code with a warning", "[cli][gen][fail-closed]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", javascript_pipeline("allow_unvalidated = true"));
    auto result = run_evo({"-m", manifest.string(), "gen", "--lang", "javascript", "print 1"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out == "console.log(1)\n");
    CHECK_THAT(result.err,
               Contains("evo: warning: no validator of the pipeline judges javascript"));
}

// Languages come from the validators' declarations: no validator of this pipeline declares
// .cpp, so the file is of no known language, skipped and listed with that reason.
TEST_CASE("validate: a file no validator judges is skipped with the reason",
          "[cli][validate][fail-closed]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", validating_pipeline());
    auto cpp = dir.write("src/main.cpp", "int main() {}\n");
    dir.write("src/ok.py", "x = 1\n");
    auto result = run_evo(
        {"-m", manifest.string(), "validate", "--format", "json", (dir.path() / "src").string()});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    auto o = json_object(result.out);
    CHECK(o.at("summary").at("files").to_number<int>() == 1);
    const auto& skipped = o.at("skipped").as_array();
    REQUIRE(skipped.size() == 1);
    CHECK(skipped[0].at("file").as_string() == cpp.string());
    CHECK(skipped[0].at("reason").as_string() == "no known language");
}

TEST_CASE("validate: a file that cannot be read is an error, exit 3",
          "[cli][validate][fail-closed]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", validating_pipeline());
    // A regular file whose read fails: /proc/self/mem at offset 0 (unmapped) is EIO.
    auto unreadable = dir.path() / "mem.py";
    std::filesystem::create_symlink("/proc/self/mem", unreadable);
    auto result = run_evo({"-m", manifest.string(), "validate", unreadable.string()});
    CHECK(result.exit_code == 3);
    CHECK_THAT(result.err, Contains("evo: error: " + unreadable.string() +
                                    ": cannot read: Input/output error\n"));
}

TEST_CASE("validate: a task the scheduler failed or never reported is an error, exit 3",
          "[cli][validate][fail-closed]") {
    scratch_dir dir;
    // Largest first: task 0 is big.py, task 1 mid.py, task 2 small.py.
    auto big = dir.write("src/big.py", std::string(300, '#') + "\n");
    auto mid = dir.write("src/mid.py", std::string(200, '#') + "\n");
    dir.write("src/small.py", "x = 1  # TODO\n");
    auto manifest = dir.write("evo.toml", validating_pipeline("drop = 0\nfail = 1"));

    SECTION("text: one error line per file, and the findings of the rest") {
        auto result = run_evo({"-m", manifest.string(), "validate", (dir.path() / "src").string()});
        CHECK(result.exit_code == 3);
        CHECK_THAT(result.err, Contains("evo: error: " + big.string() +
                                        ": the scheduler never reported its task\n"));
        CHECK_THAT(result.err,
                   Contains("evo: error: " + mid.string() + ": its task failed (unavailable)\n"));
        CHECK_THAT(result.out, Contains("small.py:1:"));
    }
    SECTION("SARIF: error notifications, and the invocation did not succeed") {
        auto result = run_evo({"-m", manifest.string(), "validate", "--format", "sarif",
                               (dir.path() / "src").string()});
        CHECK(result.exit_code == 3);
        auto log = json_object(result.out);
        const auto& invocation = log.at("runs").at(0).at("invocations").at(0).as_object();
        CHECK_FALSE(invocation.at("executionSuccessful").as_bool());
        const auto& notes = invocation.at("toolExecutionNotifications").as_array();
        REQUIRE(notes.size() == 2);
        for (const auto& note : notes) {
            CHECK(note.at("level").as_string() == "error");
            CHECK(note.at("descriptor").at("id").as_string() == "EVO-FILE-ERRORED");
        }
        CHECK_THAT(std::string(notes[0].at("message").at("text").as_string()),
                   Equals("The scheduler never reported its task."));
    }
}

TEST_CASE("validate --format sarif lists skipped files as notes", "[cli][validate][sarif]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", validating_pipeline());
    dir.write("src/notes.txt", "hello\n");
    auto result = run_evo(
        {"-m", manifest.string(), "validate", "--format", "sarif", (dir.path() / "src").string()});
    CHECK(result.exit_code == 0);
    auto log = json_object(result.out);
    const auto& invocation = log.at("runs").at(0).at("invocations").at(0).as_object();
    CHECK(invocation.at("executionSuccessful").as_bool());
    const auto& notes = invocation.at("toolExecutionNotifications").as_array();
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].at("level").as_string() == "note");
    CHECK(notes[0].at("message").at("text").as_string() == "No known language.");
}
