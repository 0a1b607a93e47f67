// Findings in test code: marked in JSON and SARIF (`in_tests`), left out by --exclude-tests
// and counted in the summary.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <map>

using namespace evo::test;
using Catch::Matchers::Contains;

namespace {

namespace json = boost::json;

// The same risky call in ordinary code and in every kind of test file.
std::filesystem::path project_with_tests(const scratch_dir& dir) {
    const std::string risky = "import os\nos.system(command)\n";
    for (const char* file :
         {"project/app/main.py", "project/tests/helpers.py", "project/app/test/fixtures.py",
          "project/app/test_main.py", "project/app/main_test.py", "project/conftest.py",
          "project/app/contest.py", "project/app/testing.py", "project/latest/run.py"})
        dir.write(file, risky);
    return dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
validators = ["python-security"]
scheduler = "threadpool"
[plugins.python-security]
[plugins.threadpool]
)");
}

run_result validate(const scratch_dir& dir, const std::filesystem::path& manifest,
                    std::vector<std::string> extra) {
    std::vector<std::string> args{"-m", manifest.string(), "validate", "--no-cache"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back("project"); // relative: only the project's own directories count
    run_options options;
    options.cwd = dir.path();
    return run_evo(args, options);
}

// file -> in_tests, from the findings of a JSON report.
std::map<std::string, bool> marks(const json::array& findings) {
    std::map<std::string, bool> out;
    for (const auto& f : findings)
        out[std::string(f.at("file").as_string())] = f.at("in_tests").as_bool();
    return out;
}

const std::map<std::string, bool> expected_marks{
    {"project/app/main.py", false},     {"project/app/contest.py", false},
    {"project/app/testing.py", false},  {"project/latest/run.py", false},
    {"project/tests/helpers.py", true}, {"project/app/test/fixtures.py", true},
    {"project/app/test_main.py", true}, {"project/app/main_test.py", true},
    {"project/conftest.py", true}};

} // namespace

TEST_CASE("findings in test code are marked in JSON and SARIF", "[cli][validate][tests-code]") {
    scratch_dir dir;
    auto manifest = project_with_tests(dir);
    SECTION("JSON: in_tests on every finding") {
        auto r = validate(dir, manifest, {"--format", "json"});
        INFO(r.err);
        CHECK(r.exit_code == 1);
        auto report = json::parse(r.out).as_object();
        CHECK(marks(report.at("findings").as_array()) == expected_marks);
        CHECK(report.at("summary").at("excluded_in_tests").to_number<int>() == 0);
    }
    SECTION("SARIF: in_tests as a property of each result") {
        auto r = validate(dir, manifest, {"--format", "sarif"});
        INFO(r.err);
        auto results = json::parse(r.out).at("runs").at(0).at("results").as_array();
        std::map<std::string, bool> seen;
        for (const auto& result : results)
            seen[std::string(result.at("locations")
                                 .at(0)
                                 .at("physicalLocation")
                                 .at("artifactLocation")
                                 .at("uri")
                                 .as_string())] = result.at("properties").at("in_tests").as_bool();
        CHECK(seen == expected_marks);
    }
}

TEST_CASE("validate with --exclude-tests leaves findings in test code out and counts them",
          "[cli][validate][tests-code]") {
    scratch_dir dir;
    auto manifest = project_with_tests(dir);
    SECTION("JSON") {
        auto r = validate(dir, manifest, {"--format", "json", "--exclude-tests"});
        INFO(r.err);
        CHECK(r.exit_code == 1);
        auto report = json::parse(r.out).as_object();
        auto kept = marks(report.at("findings").as_array());
        CHECK(kept == std::map<std::string, bool>{{"project/app/main.py", false},
                                                  {"project/app/contest.py", false},
                                                  {"project/app/testing.py", false},
                                                  {"project/latest/run.py", false}});
        CHECK(report.at("summary").at("excluded_in_tests").to_number<int>() == 5);
        CHECK(report.at("summary").at("files").to_number<int>() == 9); // still checked
    }
    SECTION("text: the summary says how many were left out") {
        auto r = validate(dir, manifest, {"--exclude-tests"});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, !Contains("conftest.py") && Contains("project/app/main.py"));
        CHECK_THAT(r.err, Contains("5 findings in test code excluded"));
    }
    SECTION("only test code: nothing left to fail the run") {
        scratch_dir only;
        auto m = only.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
validators = ["python-security"]
scheduler = "threadpool"
[plugins.python-security]
[plugins.threadpool]
)");
        only.write("project/tests/test_a.py", "import os\nos.system(command)\n");
        CHECK(validate(only, m, {}).exit_code == 1);
        CHECK(validate(only, m, {"--exclude-tests"}).exit_code == 0);
    }
}
