// run_bench through its public options, the way the CLI calls it. The seed suite runs for
// real (one run per side), with the test driver standing in for evo.
#include <evo/bench/bench.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

namespace {

struct bench_output {
    int exit_code;
    std::string out;
    std::string err;
};

bench_output run(const evo::bench::bench_options& options) {
    std::ostringstream out, err;
    const int exit_code = evo::bench::run_bench(options, out, err);
    return {exit_code, out.str(), err.str()};
}

evo::bench::bench_options seed_options() {
    evo::bench::bench_options options;
    options.runs = 1;
    options.json = true;
    options.self_exe = EVO_BENCH_DRIVER;
    options.data_dir = EVO_BENCH_SHARE_DIR;
    return options;
}

// A scratch file removed at the end of the test.
class scratch_file {
  public:
    scratch_file() {
        std::string pattern = std::filesystem::temp_directory_path() / "evo-bench-test-XXXXXX";
        const int fd = mkstemp(pattern.data());
        REQUIRE(fd >= 0);
        close(fd);
        path_ = pattern;
    }
    ~scratch_file() { std::filesystem::remove(path_); }
    const std::filesystem::path& path() const { return path_; }
    std::string text() const {
        std::ifstream file(path_);
        std::stringstream text;
        text << file.rdbuf();
        return text.str();
    }

  private:
    std::filesystem::path path_;
};

evo::bench::bench_row pipeline_row(std::vector<double> samples) {
    evo::bench::bench_row row;
    row.suite = "pipeline";
    row.name = "cache_get";
    row.title = "cache get";
    row.unit = "us";
    row.evo = evo::bench::summarize(std::move(samples));
    return row;
}

// A pipeline suite whose figures are given, so --compare can be checked without timing.
evo::bench::bench_options pipeline_options(std::vector<double> samples) {
    evo::bench::bench_options options;
    options.suite = "pipeline";
    options.json = true;
    options.pipeline = [samples](int, const std::function<bool()>&) {
        return std::vector{pipeline_row(samples)};
    };
    return options;
}

} // namespace

TEST_CASE("bench --json holds every seed row, both sides measured, checksums matching", "[bench]") {
    scratch_file saved;
    auto options = seed_options();
    options.save_path = saved.path();
    const auto result = run(options);
    INFO(result.err);
    REQUIRE(result.exit_code == evo::bench::exit_ok);

    const auto report = boost::json::parse(result.out).as_object();
    CHECK(report.at("suite") == "seed");
    CHECK(report.at("runs") == 1);
    CHECK(report.at("interrupted") == false);
    CHECK_FALSE(report.at("python").at("version").as_string().empty());
    std::set<std::string> names;
    for (const auto& value : report.at("rows").as_array()) {
        const auto& row = value.as_object();
        const std::string name(row.at("name").as_string());
        INFO(name);
        names.insert(name);
        CHECK(row.at("suite") == "seed");
        for (const char* side : {"python", "evo"}) {
            CHECK(row.at(side).at("samples").as_array().size() == 1);
            CHECK(row.at(side).at("median").to_number<double>() > 0);
        }
        CHECK(row.at("ratio").to_number<double>() > 0);
        if (const auto* checksum = row.if_contains("checksum"))
            CHECK(checksum->at("match") == true);
    }
    CHECK(names == std::set<std::string>{"string_building", "math_loop", "allocation", "file_io",
                                         "json_round_trip", "cold_start", "cold_start_cli_imports",
                                         "peak_memory", "peak_memory_cli_imports",
                                         "installed_size"});
    CHECK(boost::json::parse(saved.text()) == boost::json::parse(result.out));
}

TEST_CASE("bench refuses bad options before measuring anything", "[bench]") {
    auto options = seed_options();
    SECTION("unknown suite") {
        options.suite = "fastest";
    }
    SECTION("no runs") {
        options.runs = 0;
    }
    SECTION("pipeline suite without its measurements") {
        options.suite = "all";
    }
    SECTION("missing --compare file") {
        options.compare_path = "/nonexistent/evo-bench.json";
    }
    const auto result = run(options);
    CHECK(result.exit_code == evo::bench::exit_usage);
    CHECK(result.out.empty());
    CHECK(result.err.rfind("evo: error: bench: ", 0) == 0);
}

TEST_CASE("bench --compare refuses a file that is not a saved result", "[bench]") {
    scratch_file not_a_result;
    std::ofstream(not_a_result.path()) << R"({"rows": []})";
    auto options = pipeline_options({10});
    options.compare_path = not_a_result.path();
    const auto result = run(options);
    CHECK(result.exit_code == evo::bench::exit_usage);
    CHECK(result.err.find(not_a_result.path().string()) != std::string::npos);
}

TEST_CASE("the pipeline suite reports the rows its hook measured", "[bench]") {
    int runs_given = 0;
    auto options = pipeline_options({});
    options.runs = 3;
    options.pipeline = [&](int runs, const std::function<bool()>& stop_requested) {
        runs_given = runs;
        CHECK_FALSE(stop_requested());
        return std::vector{pipeline_row({4, 5, 6})};
    };
    const auto result = run(options);
    REQUIRE(result.exit_code == evo::bench::exit_ok);
    CHECK(runs_given == 3);
    const auto rows = boost::json::parse(result.out).at("rows").as_array();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("suite") == "pipeline");
    CHECK(rows[0].at("evo").at("median") == 5.0);
    CHECK_FALSE(rows[0].as_object().contains("python"));
}

TEST_CASE("bench --compare flags a row made 3x slower and exits 1", "[bench]") {
    const std::vector<double> before{10.0, 10.2, 9.9, 10.1, 10.0};
    std::vector<double> slower;
    for (double sample : before)
        slower.push_back(3 * sample);

    scratch_file saved;
    auto first = pipeline_options(before);
    first.save_path = saved.path();
    REQUIRE(run(first).exit_code == evo::bench::exit_ok);

    SECTION("3x slower") {
        auto second = pipeline_options(slower);
        second.compare_path = saved.path();
        const auto result = run(second);
        CHECK(result.exit_code == evo::bench::exit_failed);
        const auto comparison = boost::json::parse(result.out).at("comparison");
        CHECK(comparison.at("regressions") == true);
        CHECK(comparison.at("rows").at(0).at("regression") == true);
        CHECK(comparison.at("rows").at(0).at("change").to_number<double>() ==
              Approx(2.0).epsilon(0.01));
        CHECK(result.err.find("regression") != std::string::npos);
    }
    SECTION("identical") {
        auto second = pipeline_options(before);
        second.compare_path = saved.path();
        const auto result = run(second);
        CHECK(result.exit_code == evo::bench::exit_ok);
        CHECK(boost::json::parse(result.out).at("comparison").at("regressions") == false);
    }
    SECTION("the table names the regression") {
        auto second = pipeline_options(slower);
        second.json = false;
        second.compare_path = saved.path();
        const auto result = run(second);
        CHECK(result.exit_code == evo::bench::exit_failed);
        CHECK(result.out.find("REGRESSION") != std::string::npos);
    }
}
