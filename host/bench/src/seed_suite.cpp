// Every run starts a fresh process on each side, Python's then evo's, so that drift in the
// machine's load falls on both alike. Warm-up runs' times are dropped; their checksums are
// still checked.
#include "seed_suite.hpp"

#include "bench_error.hpp"
#include "footprint.hpp"
#include "format.hpp"
#include "interrupt.hpp"
#include <evo/bench/process.hpp>
#include <evo/bench/python_runtime.hpp>
#include "seed_workloads.hpp"

#include <boost/json.hpp>

#include <set>

namespace evo::bench {
namespace {

// What a typical Python command-line tool imports before doing anything.
constexpr const char* cli_imports =
    "import argparse, dataclasses, json, logging, pathlib, re, shutil, subprocess, tempfile, "
    "typing";

constexpr double kib_per_mib = 1024;
constexpr double bytes_per_mib = 1024.0 * 1024.0;

bench_row seed_row(std::string name, std::string title, std::string unit) {
    bench_row row;
    row.suite = "seed";
    row.name = std::move(name);
    row.title = std::move(title);
    row.unit = std::move(unit);
    return row;
}

bool is_warmup(int run) {
    return run < warmup_runs;
}

struct side_samples {
    std::vector<double> values;
    std::set<std::string> checksums;
};

struct seed_context {
    const seed_setup& setup;
    const python_runtime& python;
    progress_line& progress;
    int step;
    int step_count;

    void show(std::string_view title, const std::string& detail) const {
        progress.show(concat("[", std::to_string(step), "/", std::to_string(step_count), "] ",
                             title, detail));
    }
    int total_runs() const { return warmup_runs + setup.runs; }
    void show_run(std::string_view title, int run) const {
        show(title, is_warmup(run) ? std::string(": warm-up")
                                   : concat(": run ", std::to_string(run + 1 - warmup_runs), "/",
                                            std::to_string(setup.runs)));
    }
};

// A row cut short by Ctrl-C says so.
void note_if_cut_short(bench_row& row, int runs) {
    const auto measured = static_cast<int>(row.evo.samples.size());
    if (measured >= runs) return;
    const std::string cut = concat("interrupted after ", std::to_string(measured), " of ",
                                   std::to_string(runs), " runs");
    row.note = row.note.empty() ? cut : concat(row.note, "; ", cut);
}

std::optional<std::string> single_checksum(const side_samples& side) {
    if (side.checksums.empty()) return std::nullopt;
    std::string joined;
    for (const std::string& checksum : side.checksums)
        joined += concat(joined.empty() ? "" : " | ", checksum); // several: runs disagreed
    return joined;
}

void run_workload_once(const std::vector<std::string>& argv, const std::string& side_name,
                       bool keep_time, side_samples& side) {
    const process_result result = run_process(argv, output_mode::capture);
    if (result.exit_code != 0) throw bench_error(describe_failure(side_name, result));
    try {
        const boost::json::value answer = boost::json::parse(result.out);
        side.checksums.insert(std::string(answer.at("checksum").as_string()));
        if (keep_time) side.values.push_back(answer.at("ms").to_number<double>());
    } catch (const std::exception& error) {
        throw bench_error(side_name +
                          " printed something other than {\"ms\", \"checksum\"}: " + error.what());
    }
}

bench_row measure_workload(const seed_context& context, const seed_workload& workload) {
    const std::string name(workload.name);
    const std::filesystem::path script = context.setup.data_dir / "bench" / "seed" / (name + ".py");
    if (!std::filesystem::is_regular_file(script))
        throw bench_error(script.string() + " is missing: is evo installed completely?");
    // -B: do not write __pycache__ into evo's installed share directory.
    const std::vector<std::string> python_argv{context.python.executable.string(), "-B",
                                               script.string()};
    std::vector<std::string> evo_argv{context.setup.self_exe.string()};
    evo_argv.insert(evo_argv.end(), workload_subcommand.begin(), workload_subcommand.end());
    evo_argv.push_back(name);

    side_samples python, evo;
    for (int run = 0; run < context.total_runs() && !stop_requested(); ++run) {
        context.show_run(workload.title, run);
        const bool keep = !is_warmup(run);
        run_workload_once(python_argv, concat("python3 ", script.filename().string()), keep,
                          python);
        run_workload_once(evo_argv, concat("evo bench --run-workload ", name), keep, evo);
    }
    bench_row row = seed_row(name, std::string(workload.title), "ms");
    row.python = summarize(python.values);
    row.evo = summarize(evo.values);
    row.python_checksum = single_checksum(python);
    row.evo_checksum = single_checksum(evo);
    note_if_cut_short(row, context.setup.runs);
    return row;
}

struct launch_samples {
    std::vector<double> wall_ms;
    std::vector<double> peak_mib;
};

void launch_once(const std::vector<std::string>& argv, bool keep, launch_samples& samples) {
    const process_result result = run_process(argv, output_mode::discard);
    if (result.exit_code != 0) throw bench_error(describe_failure(argv.front(), result));
    if (!keep) return;
    samples.wall_ms.push_back(result.wall_ms);
    samples.peak_mib.push_back(result.max_rss_kib / kib_per_mib);
}

bench_row launch_row(std::string name, std::string title, std::string unit,
                     const std::vector<double>& python, const std::vector<double>& evo,
                     std::string note) {
    bench_row row = seed_row(std::move(name), std::move(title), std::move(unit));
    row.python = summarize(python);
    row.evo = summarize(evo);
    row.note = std::move(note);
    return row;
}

// Whole processes, timed from fork to wait4; peak memory is the kernel's ru_maxrss.
std::vector<bench_row> measure_launches(const seed_context& context) {
    const std::string python = context.python.executable.string();
    const std::vector<std::string> evo_argv{context.setup.self_exe.string(), "--version"};
    const std::vector<std::string> bare_argv{python, "-c", "pass"};
    const std::vector<std::string> cli_argv{python, "-c", cli_imports};
    launch_samples evo, bare, cli;
    for (int run = 0; run < context.total_runs() && !stop_requested(); ++run) {
        context.show_run("cold start", run);
        const bool keep = !is_warmup(run);
        launch_once(bare_argv, keep, bare);
        launch_once(cli_argv, keep, cli);
        launch_once(evo_argv, keep, evo);
    }
    std::vector<bench_row> rows{
        launch_row("cold_start", "cold start: python3 -c pass | evo --version", "ms", bare.wall_ms,
                   evo.wall_ms, "whole processes, fork to wait4"),
        launch_row("cold_start_cli_imports", "cold start: python3 + CLI imports | evo", "ms",
                   cli.wall_ms, evo.wall_ms,
                   concat("python3 -c \"", cli_imports, "\"; evo's column repeats evo --version")),
        launch_row("peak_memory", "peak memory: python3 -c pass | evo --version", "MiB",
                   bare.peak_mib, evo.peak_mib, "ru_maxrss of the cold-start processes"),
        launch_row("peak_memory_cli_imports", "peak memory: python3 + CLI imports | evo", "MiB",
                   cli.peak_mib, evo.peak_mib, "ru_maxrss of the CLI-imports processes"),
    };
    for (bench_row& row : rows)
        note_if_cut_short(row, context.setup.runs);
    return rows;
}

bench_row measure_footprint(const seed_context& context) {
    const auto& setup = context.setup;
    const auto evo_binary = static_cast<double>(bytes_on_disk(canonical(setup.self_exe)));
    const auto plugins =
        static_cast<double>(setup.plugin_dir.empty() ? 0 : bytes_on_disk(setup.plugin_dir));
    const auto data = static_cast<double>(bytes_on_disk(setup.data_dir));
    const auto& python = context.python;
    const auto interpreter = static_cast<double>(bytes_on_disk(python.executable));
    const auto libpython =
        static_cast<double>(python.libpython.empty() ? 0 : bytes_on_disk(python.libpython));
    double stdlib = 0;
    for (const auto& directory : python.stdlib_dirs)
        stdlib += static_cast<double>(bytes_on_disk(directory, python.excluded_dirs));

    bench_row row = seed_row("installed_size", "installed size: python3 runtime | evo", "MiB");
    row.python = summarize({(interpreter + libpython + stdlib) / bytes_per_mib});
    row.evo = summarize({(evo_binary + plugins + data) / bytes_per_mib});
    row.note = "python3 " + mib_text(interpreter) + " + libpython " + mib_text(libpython) +
               " + stdlib " + mib_text(stdlib) + " (without site-packages, test/); evo " +
               mib_text(evo_binary) + " + plugins " + mib_text(plugins) + " + share/evo " +
               mib_text(data) + "; shared system libraries are counted on neither side";
    return row;
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

void describe_sides(const seed_setup& setup, const python_runtime& python,
                    run_environment& environment) {
    environment.python_version = python.implementation + " " + python.version;
    environment.python_executable = python.executable.string();
    environment.python_command = python.command.string();
    environment.evo_executable = std::filesystem::canonical(setup.self_exe).string();
    const process_result version =
        run_process({setup.self_exe.string(), "--version"}, output_mode::capture);
    if (version.exit_code != 0)
        throw bench_error(describe_failure(setup.self_exe.string(), version));
    environment.evo_version = first_line(version.out);
}

} // namespace

std::vector<bench_row> measure_seed_suite(const seed_setup& setup, run_environment& environment,
                                          progress_line& progress) {
    progress.show("asking python3 what it is");
    const python_runtime python = probe_python(setup.data_dir);
    describe_sides(setup, python, environment);
    const auto workloads = seed_workloads();
    seed_context context{setup, python, progress, 0, static_cast<int>(workloads.size()) + 2};
    std::vector<bench_row> rows;
    for (const seed_workload& workload : workloads) {
        ++context.step;
        if (stop_requested()) return rows;
        rows.push_back(measure_workload(context, workload));
    }
    ++context.step;
    if (stop_requested()) return rows;
    for (bench_row& row : measure_launches(context))
        rows.push_back(std::move(row));
    ++context.step;
    context.show("installed size", "");
    if (!stop_requested()) rows.push_back(measure_footprint(context));
    return rows;
}

} // namespace evo::bench
