// The regression rule of --compare, on result documents built in the test.
#include "compare.hpp"
#include "report.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

namespace {

evo::bench::bench_row seed_row(std::string name, std::vector<double> python,
                               std::vector<double> evo) {
    evo::bench::bench_row row;
    row.suite = "seed";
    row.name = std::move(name);
    row.title = row.name;
    row.unit = "ms";
    row.python = evo::bench::summarize(std::move(python));
    row.evo = evo::bench::summarize(std::move(evo));
    return row;
}

evo::bench::bench_report saved_report() {
    evo::bench::bench_report report;
    report.suite = "seed";
    report.runs = 5;
    report.rows = {seed_row("math_loop", {300, 302, 298, 301, 299}, {28, 28.5, 27.8, 28.1, 28}),
                   seed_row("file_io", {41, 43, 40, 42, 41}, {30, 31, 29, 30, 30.5})};
    return report;
}

// The rows of a report, through its JSON document as --save writes and --compare reads it.
std::vector<evo::bench::bench_row> round_trip(const evo::bench::bench_report& report) {
    const std::string text = boost::json::serialize(evo::bench::report_to_json(report));
    return evo::bench::rows_from_json(boost::json::parse(text));
}

evo::bench::sample_stats stats(std::vector<double> samples) {
    return evo::bench::summarize(std::move(samples));
}

} // namespace

TEST_CASE("compare flags only the row made 3x slower", "[bench]") {
    auto slower = saved_report();
    for (double& sample : slower.rows[1].evo.samples)
        sample *= 3;
    slower.rows[1].evo = stats(slower.rows[1].evo.samples);

    const auto changes = evo::bench::compare_rows(round_trip(saved_report()), round_trip(slower));
    REQUIRE(changes.size() == 2);
    CHECK_FALSE(changes[0].regression);
    CHECK(changes[1].name == "file_io");
    CHECK(changes[1].regression);
    CHECK(*changes[1].change() == Approx(2.0));
    CHECK(evo::bench::any_regression(changes));
}

TEST_CASE("compare flags nothing in an identical result", "[bench]") {
    const auto changes =
        evo::bench::compare_rows(round_trip(saved_report()), round_trip(saved_report()));
    REQUIRE(changes.size() == 2);
    CHECK_FALSE(evo::bench::any_regression(changes));
    CHECK(*changes[0].change() == 0);
}

TEST_CASE("a regression must exceed both the measured noise and 5%", "[bench]") {
    // 20% slower, but the runs scatter by more than that.
    CHECK_FALSE(
        evo::bench::is_regression(stats({10, 6, 14, 8, 12}), stats({12, 8, 16, 10, 14}), true));
    // Clearly outside the noise, but only 4% slower.
    CHECK_FALSE(evo::bench::is_regression(stats({100, 100, 100}), stats({104, 104, 104}), true));
    CHECK(evo::bench::is_regression(stats({100, 100, 100}), stats({106, 106, 106}), true));
    // Throughput: higher is better, so a drop is the regression.
    CHECK(evo::bench::is_regression(stats({1000, 1010, 990}), stats({500, 505, 495}), false));
    CHECK_FALSE(evo::bench::is_regression(stats({500, 505, 495}), stats({1000, 1010, 990}), false));
}

TEST_CASE("compare lists rows that are new or no longer measured", "[bench]") {
    auto fewer = saved_report();
    fewer.rows.pop_back();
    const auto changes = evo::bench::compare_rows(round_trip(saved_report()), round_trip(fewer));
    REQUIRE(changes.size() == 2);
    CHECK(changes[1].name == "file_io");
    CHECK_FALSE(changes[1].new_median);
    CHECK_FALSE(changes[1].regression);

    const auto more = evo::bench::compare_rows(round_trip(fewer), round_trip(saved_report()));
    CHECK_FALSE(more[1].saved_median);
}

TEST_CASE("a saved result round-trips every field --compare uses", "[bench]") {
    const auto original = saved_report();
    const auto rows = round_trip(original);
    REQUIRE(rows.size() == original.rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].name == original.rows[i].name);
        CHECK(rows[i].evo.samples == original.rows[i].evo.samples);
        CHECK(rows[i].evo.median == original.rows[i].evo.median);
        CHECK(rows[i].python->mad == original.rows[i].python->mad);
        CHECK(rows[i].lower_is_better == original.rows[i].lower_is_better);
    }
}
