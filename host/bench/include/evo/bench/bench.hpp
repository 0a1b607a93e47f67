// evo bench: the seed's table of C++ against Python, measured on the user's machine.
//
// The seed suite runs each workload of the seed's performance guide twice, once as C++ inside
// evo and once as the equivalent Python program shipped in share/evo/bench/seed/, each in a
// fresh process per run, after one warm-up run of each side. Both sides time only the
// workload, inside their process, with the monotonic clock, and print
// {"ms": ..., "checksum": "..."}; equal checksums show that both sides did the same work.
// Cold start and peak memory are measured from outside (fork/exec to wait4: wall clock and
// ru_maxrss). The binary-size row adds up files on disk at run time.
#pragma once

#include <array>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace evo::bench {

// One side's samples. The spread is the median absolute deviation (MAD), robust to the odd
// run disturbed by another process on the machine.
struct sample_stats {
    std::vector<double> samples;
    double median = 0;
    double mad = 0;
    double min = 0;
    double max = 0;
};
sample_stats summarize(std::vector<double> samples);

struct bench_row {
    std::string suite; // "seed" or "pipeline"
    std::string name;  // stable id: --compare matches rows by suite and name
    std::string title; // what the table shows
    std::string unit;  // "ms", "MiB", "ops/s", ...
    bool lower_is_better = true;
    std::optional<sample_stats> python; // seed rows only
    sample_stats evo;
    std::optional<std::string> python_checksum; // workload rows only
    std::optional<std::string> evo_checksum;
    std::string note;
};

// The pipeline suite's figures are measured by the host, which knows manifests, plugins and
// the cache. Called with the run count and a predicate that turns true once the user pressed
// Ctrl-C (return the rows measured so far); rows have suite "pipeline" and no python side.
using pipeline_measure =
    std::function<std::vector<bench_row>(int runs, const std::function<bool()>& stop_requested)>;

struct bench_options {
    std::string suite = "seed";         // seed | pipeline | all
    int runs = 5;                       // measured runs per side, after one warm-up run
    bool json = false;                  // print the JSON document instead of the table
    std::filesystem::path save_path;    // write the JSON document there
    std::filesystem::path compare_path; // print the change against this saved document
    std::filesystem::path data_dir;     // share/evo: holds bench/seed/*.py
    std::filesystem::path plugin_dir;   // counted in evo's installed footprint
    std::filesystem::path self_exe;     // evo itself, see workload_subcommand
    bool progress = false;              // a progress line on `err`: set it when stderr is a tty
    pipeline_measure pipeline;          // empty: the pipeline suite is unavailable
};

// Exit codes of run_bench.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;        // a run failed, checksums differ, or --compare found a
                                             // regression (named on `out`)
inline constexpr int exit_usage = 2;         // bad option, unreadable --compare file
inline constexpr int exit_interrupted = 130; // Ctrl-C: what was measured is printed, not saved

int run_bench(const bench_options& options, std::ostream& out, std::ostream& err);

// evo runs its C++ workloads in a fresh process, like Python's: `self_exe bench --run-workload
// NAME`. The CLI must map that hidden command onto run_workload, which runs one workload and
// prints {"ms": ..., "checksum": "..."} on `out`.
inline constexpr std::array<std::string_view, 2> workload_subcommand{"bench", "--run-workload"};
int run_workload(std::string_view name, std::ostream& out, std::ostream& err);

} // namespace evo::bench
