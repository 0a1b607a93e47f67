// evo bench: checks the options, measures the suites, prints, saves and compares.
#include <evo/bench/bench.hpp>

#include "bench_error.hpp"
#include "compare.hpp"
#include "format.hpp"
#include "interrupt.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "report_table.hpp"
#include "seed_suite.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

namespace evo::bench {
namespace {

constexpr int most_runs = 1000;

bool runs_seed(const bench_options& options) {
    return options.suite == "seed" || options.suite == "all";
}
bool runs_pipeline(const bench_options& options) {
    return options.suite == "pipeline" || options.suite == "all";
}

std::optional<std::string> usage_problem(const bench_options& options) {
    if (!runs_seed(options) && !runs_pipeline(options))
        return "unknown suite '" + options.suite + "' (expected seed, pipeline or all)";
    if (options.runs < 1 || options.runs > most_runs)
        return "--runs must be between 1 and " + std::to_string(most_runs);
    if (runs_pipeline(options) && !options.pipeline)
        return "the pipeline suite is not available in this build";
    if (runs_seed(options) && (options.self_exe.empty() || options.data_dir.empty()))
        return "the seed suite needs evo's own path and its share directory";
    return std::nullopt;
}

std::vector<bench_row> load_saved_rows(const std::filesystem::path& path) {
    std::ifstream file(path);
    if (!file) throw bench_error("cannot read " + path.string());
    std::stringstream text;
    text << file.rdbuf();
    boost::system::error_code error;
    const boost::json::value saved = boost::json::parse(text.str(), error);
    if (error) throw bench_error(path.string() + ": not JSON: " + error.message());
    try {
        return rows_from_json(saved);
    } catch (const bench_error& problem) {
        throw bench_error(path.string() + ": " + problem.what());
    }
}

void measure(const bench_options& options, bench_report& report, std::ostream& err) {
    const interrupt_scope interrupts;
    progress_line progress(err, options.progress);
    if (runs_seed(options)) {
        const seed_setup setup{options.data_dir, options.plugin_dir, options.self_exe,
                               options.runs};
        for (bench_row& row : measure_seed_suite(setup, report.environment, progress))
            report.rows.push_back(std::move(row));
    }
    if (runs_pipeline(options) && !stop_requested())
        for (bench_row& row : options.pipeline(options.runs, [] { return stop_requested(); }))
            report.rows.push_back(std::move(row));
    // A run interrupted before its first measured sample leaves nothing to report.
    std::erase_if(report.rows, [](const bench_row& row) { return row.evo.samples.empty(); });
    report.interrupted = stop_requested();
}

void save(const boost::json::object& document, const std::filesystem::path& path) {
    std::ofstream file(path);
    file << boost::json::serialize(document) << '\n';
    if (!file.flush()) throw bench_error("cannot write " + path.string());
}

bool report_regressions(const std::vector<row_change>& changes, const std::string& saved_name,
                        std::ostream& err) {
    std::string names;
    for (const row_change& change : changes)
        if (change.regression) names += concat(names.empty() ? "" : ", ", change.name);
    if (!names.empty())
        err << "evo: error: bench: regression against " << saved_name << ": " << names << '\n';
    return !names.empty();
}

bool report_mismatches(const bench_report& report, std::ostream& err) {
    bool any = false;
    for (const bench_row& row : report.rows) {
        if ((!row.python_checksum && !row.evo_checksum) || checksums_match(row)) continue;
        err << "evo: error: bench: " << row.name << ": the two sides did different work (checksum "
            << row.python_checksum.value_or("none") << " in Python, "
            << row.evo_checksum.value_or("none") << " in evo)\n";
        any = true;
    }
    return any;
}

} // namespace

int run_bench(const bench_options& options, std::ostream& out, std::ostream& err) {
    if (const auto problem = usage_problem(options)) {
        err << "evo: error: bench: " << *problem << '\n';
        return exit_usage;
    }
    std::optional<std::vector<bench_row>> saved_rows;
    try {
        if (!options.compare_path.empty()) saved_rows = load_saved_rows(options.compare_path);
    } catch (const bench_error& problem) {
        err << "evo: error: bench: --compare: " << problem.what() << '\n';
        return exit_usage;
    }

    bench_report report;
    report.suite = options.suite;
    report.runs = options.runs;
    report.environment = describe_machine();
    try {
        measure(options, report, err);
    } catch (const std::exception& problem) {
        err << "evo: error: bench: " << problem.what() << '\n';
        return exit_failed;
    }

    boost::json::object document = report_to_json(report);
    std::vector<row_change> changes;
    if (saved_rows && !report.interrupted) {
        changes = compare_rows(*saved_rows, report.rows);
        document["comparison"] = comparison_to_json(changes, options.compare_path.string());
    }
    if (options.json) {
        out << boost::json::serialize(document) << '\n';
    } else {
        print_report_table(report, out);
        if (saved_rows && !report.interrupted)
            print_comparison(changes, options.compare_path.string(), out);
    }
    if (report.interrupted) {
        err << "evo: error: bench: interrupted; nothing saved or compared\n";
        return exit_interrupted;
    }
    try {
        if (!options.save_path.empty()) save(document, options.save_path);
    } catch (const bench_error& problem) {
        err << "evo: error: bench: --save: " << problem.what() << '\n';
        return exit_failed;
    }
    const bool mismatched = report_mismatches(report, err);
    const bool regressed = report_regressions(changes, options.compare_path.string(), err);
    return mismatched || regressed ? exit_failed : exit_ok;
}

} // namespace evo::bench
