// Each C++ workload and its shipped Python twin, with the sizes as shipped, compute the same
// checksum: the two sides do the same work.
#include <evo/bench/process.hpp>
#include <evo/bench/python_runtime.hpp>
#include "seed_workloads.hpp"

#include <evo/bench/bench.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <sstream>

namespace {

const std::filesystem::path share_dir = EVO_BENCH_SHARE_DIR;

std::string python_checksum(std::string_view workload) {
    const auto python = evo::bench::find_on_path("python3");
    REQUIRE(python);
    const auto script = share_dir / "bench" / "seed" / (std::string(workload) + ".py");
    const auto result = evo::bench::run_process({python->string(), "-B", script.string()},
                                                evo::bench::output_mode::capture);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return std::string(boost::json::parse(result.out).at("checksum").as_string());
}

} // namespace

TEST_CASE("every seed workload has the same checksum in C++ and in Python", "[bench]") {
    REQUIRE(evo::bench::seed_workloads().size() == 5);
    for (const auto& workload : evo::bench::seed_workloads()) {
        SECTION(std::string(workload.name)) {
            const std::string cpp = workload.run();
            CHECK_FALSE(cpp.empty());
            CHECK(cpp == python_checksum(workload.name));
        }
    }
}

TEST_CASE("run_workload prints the time and the workload's checksum as JSON", "[bench]") {
    std::ostringstream out, err;
    REQUIRE(evo::bench::run_workload("json_round_trip", out, err) == evo::bench::exit_ok);
    const auto answer = boost::json::parse(out.str());
    CHECK(answer.at("ms").to_number<double>() > 0);
    CHECK(answer.at("checksum").as_string() == "3000:equal");
    CHECK(err.str().empty());
}

TEST_CASE("run_workload refuses an unknown workload", "[bench]") {
    std::ostringstream out, err;
    CHECK(evo::bench::run_workload("no_such_workload", out, err) == evo::bench::exit_usage);
    CHECK(out.str().empty());
    CHECK(err.str().find("no_such_workload") != std::string::npos);
}
