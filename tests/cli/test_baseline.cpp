// Baselines: --write-baseline saves a run's findings, --baseline hides them in later runs. They
// match by file, rule and the code of the flagged line, not by line number.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

namespace json = boost::json;

const std::string risky = "os.system(command)\n";

std::filesystem::path python_project(const scratch_dir& dir) {
    dir.write("app.py", "import os\n" + risky);
    return dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
validators = ["python-security"]
scheduler = "threadpool"
[plugins.python-security]
[plugins.threadpool]
)");
}

run_result validate(const scratch_dir& dir, std::vector<std::string> extra,
                    const std::string& path = "app.py") {
    std::vector<std::string> args{"-m", "evo.toml", "validate", "--no-cache"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(path);
    run_options options;
    options.cwd = dir.path();
    return run_evo(args, options);
}

// The lines of the findings a JSON report shows.
std::vector<std::int64_t> shown_lines(const run_result& r) {
    INFO(r.out << r.err);
    std::vector<std::int64_t> lines;
    const json::object report = json_object(r.out); // alive through the loop
    for (const auto& f : report.at("findings").as_array())
        lines.push_back(f.at("line").to_number<std::int64_t>());
    return lines;
}

std::int64_t hidden(const run_result& r) {
    return json_object(r.out).at("summary").at("baseline_hidden").to_number<std::int64_t>();
}

std::string contents(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("a written baseline hides its findings in the next run", "[cli][baseline]") {
    scratch_dir dir;
    python_project(dir);
    auto written = validate(dir, {"--write-baseline", "base.json"});
    INFO(written.err);
    CHECK(written.exit_code == 0); // a finding, yet saving the baseline succeeded
    CHECK_THAT(written.out, Contains("PY-SHELL-COMMAND"));
    CHECK_THAT(written.err, Contains("base.json: 1 finding saved as the baseline"));
    auto saved = json_object(contents(dir.path() / "base.json"));
    CHECK(saved.at("evo_baseline") == 1);
    CHECK(saved.at("findings").at(0).at("file") == "app.py");

    auto again = validate(dir, {"--baseline", "base.json"});
    INFO(again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.out.empty());
    CHECK_THAT(again.err, Contains("; 1 finding in the baseline not shown"));

    SECTION("the same file named by its absolute path matches") {
        auto r = validate(dir, {"--baseline", "base.json", "--format", "json"},
                          (dir.path() / "app.py").string());
        CHECK(shown_lines(r).empty());
        CHECK(hidden(r) == 1);
    }
    SECTION("lines inserted above the finding do not resurface it") {
        dir.write("app.py", "import os\n\n# a comment\nx = 1\n\n  " + risky);
        auto r = validate(dir, {"--baseline", "base.json", "--format", "json"});
        CHECK(r.exit_code == 0);
        CHECK(shown_lines(r).empty());
        CHECK(hidden(r) == 1);
    }
    SECTION("a new identical finding is shown, the saved one is not") {
        dir.write("app.py", "import os\n" + risky + "y = 2\n" + risky);
        auto r = validate(dir, {"--baseline", "base.json", "--format", "json"});
        CHECK(r.exit_code == 1);
        CHECK(shown_lines(r) == std::vector<std::int64_t>{4});
        CHECK(hidden(r) == 1);
    }
    SECTION("an edited flagged line is shown") {
        dir.write("app.py", "import os\nos.system(other_command)\n");
        auto r = validate(dir, {"--baseline", "base.json", "--format", "json"});
        CHECK(r.exit_code == 1);
        CHECK(shown_lines(r) == std::vector<std::int64_t>{2});
        CHECK(hidden(r) == 0);
    }
    SECTION("SARIF marks what it shows as new and counts what it hid") {
        dir.write("app.py", "import os\n" + risky + risky);
        auto r = validate(dir, {"--baseline", "base.json", "--format", "sarif"});
        auto run = json_object(r.out).at("runs").at(0).as_object();
        REQUIRE(run.at("results").as_array().size() == 1);
        CHECK(run.at("results").at(0).at("baselineState") == "new");
        CHECK(run.at("properties").at("baselineHidden") == 1);
    }
}

TEST_CASE("two identical findings are two baseline entries", "[cli][baseline]") {
    scratch_dir dir;
    python_project(dir);
    dir.write("app.py", "import os\n" + risky + risky);
    REQUIRE(validate(dir, {"--write-baseline", "base.json"}).exit_code == 0);
    dir.write("app.py", "import os\n" + risky + risky + risky);
    auto r = validate(dir, {"--baseline", "base.json", "--format", "json"});
    CHECK(shown_lines(r).size() == 1);
    CHECK(hidden(r) == 2);
}

TEST_CASE("a baseline that cannot be read is a one-line usage error", "[cli][baseline]") {
    scratch_dir dir;
    python_project(dir);
    SECTION("malformed JSON: the file and the position") {
        dir.write("base.json", "{\"evo_baseline\": 1,\n \"findings\": [,]}\n");
        auto line = config_error_line(validate(dir, {"--baseline", "base.json"}));
        CHECK_THAT(line, StartsWith("evo: error: base.json: "));
        CHECK_THAT(line, Contains("line 2, column 15"));
    }
    SECTION("missing") {
        auto line = config_error_line(validate(dir, {"--baseline", "none.json"}));
        CHECK_THAT(line, StartsWith("evo: error: none.json: "));
    }
    SECTION("JSON that is not a baseline") {
        dir.write("base.json", "{\"findings\": []}\n");
        auto line = config_error_line(validate(dir, {"--baseline", "base.json"}));
        CHECK_THAT(line, Contains("evo_baseline"));
    }
    SECTION("another version") {
        dir.write("base.json", "{\"evo_baseline\": 9, \"findings\": []}\n");
        auto line = config_error_line(validate(dir, {"--baseline", "base.json"}));
        CHECK_THAT(line, Contains("version 9"));
    }
}

TEST_CASE("a failed baseline write leaves what was there", "[cli][baseline]") {
    scratch_dir dir;
    python_project(dir);
    // A directory where the baseline is to go: rename cannot replace it.
    auto old = dir.write("out/base.json", "{\"evo_baseline\": 1, \"findings\": []}\n");
    auto r = validate(dir, {"--write-baseline", "out"});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains("evo: error: out: cannot write the baseline"));
    CHECK(contents(old) == "{\"evo_baseline\": 1, \"findings\": []}\n");
    std::size_t entries = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
        (void)e;
        ++entries;
    }
    CHECK(entries == 3); // evo.toml, app.py, out: no temporary file left behind
}

TEST_CASE("a run that could not judge a file writes no baseline", "[cli][baseline]") {
    scratch_dir dir;
    // shellcheck that says nothing (false exits 1, as shellcheck with comments does): the
    // script cannot be judged.
    dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
validators = ["shell-security"]
scheduler = "threadpool"
[plugins.threadpool]
[plugins.shell-security]
shellcheck_path = "false"
sandbox = false
)");
    dir.write("run.sh", "eval \"$1\"\n");
    const std::string old = "{\"evo_baseline\": 1, \"findings\": []}\n";
    auto baseline = dir.write("base.json", old);
    auto r = validate(dir, {"--write-baseline", "base.json"}, "run.sh");
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains("evo: warning: base.json: baseline not written: 1 file could not "
                               "be judged"));
    CHECK(contents(baseline) == old);
}
