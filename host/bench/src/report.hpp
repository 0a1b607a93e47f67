// One evo bench result: what ran, where, and every row. --json prints it, --save writes it,
// --compare reads one back.
#pragma once

#include <evo/bench/bench.hpp>

#include <boost/json/fwd.hpp>

#include <string>
#include <vector>

namespace evo::bench {

struct run_environment {
    std::string date;   // UTC, ISO 8601
    std::string system; // "Linux 6.1.0-18-amd64 x86_64"
    std::string cpu;    // model name from /proc/cpuinfo
    unsigned cpus = 0;
    std::string python_version; // the rest stays empty when the seed suite did not run
    std::string python_executable;
    std::string python_command;
    std::string evo_version;
    std::string evo_executable;
};

run_environment describe_machine();

// Each side's first run of a measurement is a warm-up whose figures are dropped.
inline constexpr int warmup_runs = 1;

struct bench_report {
    std::string suite;
    int runs = 0;
    bool interrupted = false;
    run_environment environment;
    std::vector<bench_row> rows;
};

// Python's median over evo's: how many times more time (or memory, or disk) Python needs.
std::optional<double> python_to_evo_ratio(const bench_row& row);
bool checksums_match(const bench_row& row);

boost::json::object report_to_json(const bench_report& report);
// The rows of a saved report. Throws bench_error naming what is wrong.
std::vector<bench_row> rows_from_json(const boost::json::value& report);

} // namespace evo::bench
