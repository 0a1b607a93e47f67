// evo validate serves unchanged files from the pipeline's cache, through a cache that outlives
// the process (the directory-cache fixture), and a cache entry never changes a verdict.
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

using namespace evo::test;
namespace json = boost::json;

namespace {

std::filesystem::path cached_pipeline(const scratch_dir& dir) {
    return dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
provider = "fixture-canned"
validators = ["python-syntax", "python-security", "shell-syntax", "shell-security"]
cache = "fixture-directory-cache"
scheduler = "threadpool"
fail_on = "medium"
[plugins.fixture-canned]
answer = "nothing"
[plugins.python-syntax]
[plugins.python-security]
[plugins.shell-syntax]
[plugins.shell-security]
[plugins.threadpool]
[plugins.fixture-directory-cache]
directory = ")" + dir.file("cache") + "\"\n");
}

struct validate_run {
    run_result raw;
    json::object report;
    std::size_t cached() const {
        return report.at("summary").at("cached").to_number<std::size_t>();
    }
    std::size_t files() const { return report.at("summary").at("files").to_number<std::size_t>(); }
    const json::array& findings() const { return report.at("findings").as_array(); }
};

validate_run validate(const std::filesystem::path& manifest, const std::string& src,
                      std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"-m", manifest.string(), "validate", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(src);
    validate_run r{run_evo(args), {}};
    INFO(r.raw.err);
    REQUIRE(r.raw.exit_code == 1); // the eval finding reaches fail_on
    r.report = json::parse(r.raw.out).as_object();
    return r;
}

} // namespace

TEST_CASE("validate serves unchanged files from the cache with the same findings",
          "[cli][validate][cache]") {
    scratch_dir dir;
    auto manifest = cached_pipeline(dir);
    dir.write("src/calc.py", "def calc(expr):\n    return eval(expr)\n");
    dir.write("src/clean.py", "def add(a, b):\n    return a + b\n");
    dir.write("src/run.sh", "#!/bin/sh\necho \"$1\"\n");
    const std::string src = dir.file("src");

    auto first = validate(manifest, src);
    REQUIRE(first.files() == 3);
    CHECK(first.cached() == 0);
    REQUIRE(!first.findings().empty());

    SECTION("a second run: every file from the cache, the same findings") {
        auto second = validate(manifest, src);
        CHECK(second.files() == 3);
        CHECK(second.cached() == 3);
        CHECK(second.findings() == first.findings());
        CHECK(second.report.at("skipped") == first.report.at("skipped"));
        CHECK(second.report.at("errors") == first.report.at("errors"));
    }
    SECTION("an edited file is the only one checked again") {
        dir.write("src/clean.py", "def add(a, b):\n    return b + a\n");
        auto second = validate(manifest, src);
        CHECK(second.files() == 3);
        CHECK(second.cached() == 2);
        CHECK(second.findings() == first.findings());
    }
    SECTION("--no-cache checks every file and stores nothing") {
        auto fresh = validate(manifest, src, {"--no-cache"});
        CHECK(fresh.cached() == 0);
        CHECK(fresh.findings() == first.findings());
        dir.write("src/other.py", "def calc(expr):\n    return eval(expr)\n\n");
        validate(manifest, src, {"--no-cache"});
        auto after = validate(manifest, src);
        CHECK(after.files() == 4);
        CHECK(after.cached() == 3); // other.py was not stored by the --no-cache run
    }
    SECTION("the same content elsewhere is a hit, with findings at its own path") {
        dir.write("moved/calc.py", "def calc(expr):\n    return eval(expr)\n");
        auto moved = validate(manifest, dir.file("moved"));
        CHECK(moved.cached() == 1);
        REQUIRE(!moved.findings().empty());
        for (const auto& f : moved.findings())
            CHECK(f.at("file").as_string() == dir.file("moved/calc.py"));
    }
    SECTION("an entry evo would not have written is checked again, and replaced") {
        // Well-formed, but no validator judged: evo never stores that, so it is not a verdict.
        const std::string stray_entry =
            R"({"verdicts": [{"validator": "python-security", "verdict": "not_applicable",)"
            R"( "findings": [{"layer": "python-security", "rule_id": "stray", "severity": 3,)"
            R"( "confidence": 3, "line": 1, "column": 1, "message": "m", "fix_hint": "",)"
            R"( "external_id": ""}]}]})";
        for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "cache"))
            dir.write("cache/" + entry.path().filename().string(), stray_entry);
        auto again = validate(manifest, src);
        CHECK(again.cached() == 0);
        CHECK(again.findings() == first.findings());
        CHECK(validate(manifest, src).cached() == 3);
    }
    SECTION("the text summary counts the files from the cache") {
        auto r = run_evo({"-m", manifest.string(), "validate", src});
        INFO(r.err);
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("; 3 from the cache\n") != std::string::npos);
    }
}

TEST_CASE("validate caches no file a validator failed on", "[cli][validate][cache]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
provider = "fixture-canned"
validators = ["fixture-throws"]
cache = "fixture-directory-cache"
[plugins.fixture-canned]
answer = "nothing"
[plugins.fixture-throws]
throw_in = "validate"
[plugins.fixture-directory-cache]
directory = ")" + dir.file("cache") + "\"\n");
    auto code = dir.write("code.py", "x = 1\n");
    auto r = run_evo({"-m", manifest.string(), "validate", code.string()});
    CHECK(r.exit_code == 3);
    CHECK(std::filesystem::is_empty(dir.path() / "cache"));
}

TEST_CASE("two evo processes validating at once share one sqlite cache file",
          "[cli][validate][cache][sqlite-cache]") {
    scratch_dir dir;
    const std::string db = dir.file("shared/cache.db");
    auto manifest = dir.write("evo.toml", R"([pipeline]
validators = ["python-syntax", "python-security"]
cache = ["memory", "sqlite"]
scheduler = "threadpool"
fail_on = "medium"
[plugins.python-syntax]
[plugins.python-security]
[plugins.memory]
[plugins.threadpool]
[plugins.sqlite]
path = ")" + db + "\"\n");
    // Enough files that the two runs' puts overlap; each with a finding of its own line.
    for (int i = 0; i < 60; ++i)
        dir.write("src/m" + std::to_string(i) + ".py",
                  std::string(static_cast<std::size_t>(i), '\n') +
                      "def f(x):\n    return eval(x)\n");
    const std::string src = dir.file("src");
    const std::vector<std::string> args{"-m", manifest.string(), "validate", "--format", "json",
                                        src};

    // Both start before either ends: two writers on a file neither created (a new database).
    evo_process a(args), b(args);
    run_result ra = a.wait(), rb = b.wait();
    INFO(ra.err << rb.err);
    REQUIRE(ra.exit_code == 1);
    REQUIRE(rb.exit_code == 1);
    CHECK(ra.err.find("warn") == std::string::npos); // no layer fell back to misses
    CHECK(rb.err.find("warn") == std::string::npos);
    auto first = json::parse(ra.out).as_object();
    CHECK(json::parse(rb.out).as_object().at("findings") == first.at("findings"));
    REQUIRE(first.at("findings").as_array().size() >= 60);

    // A third process finds every file in the file both wrote, with the same findings.
    auto third = validate(manifest, src);
    CHECK(third.cached() == 60);
    CHECK(third.findings() == first.at("findings").as_array());
}
