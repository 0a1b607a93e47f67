#include "report_table.hpp"

#include "format.hpp"
#include <evo/bench/text_table.hpp>

#include <algorithm>

namespace evo::bench {
namespace {

std::string median_text(const sample_stats* stats, const std::string& unit) {
    if (!stats || stats->samples.empty()) return "-";
    return readable_number(stats->median) + " " + unit;
}

std::string spread_text(const sample_stats* stats) {
    if (!stats || stats->samples.size() < 2) return "";
    return concat("±", readable_number(stats->mad));
}

std::string ratio_text(const bench_row& row) {
    const auto ratio = python_to_evo_ratio(row);
    return ratio ? readable_number(*ratio) + "x" : "-";
}

std::string checksum_text(const bench_row& row) {
    if (!row.python_checksum && !row.evo_checksum) return "";
    return checksums_match(row) ? "match" : "DIFFER";
}

void print_header(const bench_report& report, std::ostream& out) {
    const run_environment& environment = report.environment;
    out << "evo bench: suite " << report.suite << ", " << report.runs << " runs per side after "
        << warmup_runs << " warm-up; median ± median absolute deviation\n";
    if (!environment.python_version.empty())
        out << "python:  " << environment.python_version << ", " << environment.python_executable
            << " (python3 on PATH: " << environment.python_command << ")\n";
    if (!environment.evo_executable.empty())
        out << "evo:     " << environment.evo_version << ", " << environment.evo_executable << '\n';
    out << "machine: " << environment.system << ", " << environment.cpus << " CPUs, "
        << environment.cpu << "\n\n";
}

void print_notes(const bench_report& report, std::ostream& out) {
    const bool has_python =
        std::any_of(report.rows.begin(), report.rows.end(),
                    [](const bench_row& row) { return row.python.has_value(); });
    if (has_python)
        out << "\nWorkloads: one fresh process per run and side, only the workload timed inside "
               "it (monotonic clock).\nCold start and peak memory: whole processes, measured "
               "from outside (fork/exec to wait4, ru_maxrss).\n";
    for (const bench_row& row : report.rows)
        if (!row.note.empty()) out << "  " << row.name << ": " << row.note << '\n';
    if (report.interrupted) out << "\nInterrupted: the rows above are what was measured.\n";
}

} // namespace

void print_report_table(const bench_report& report, std::ostream& out) {
    print_header(report, out);
    text_table table({{"workload", align::left},
                      {"python", align::right},
                      {"±", align::right},
                      {"evo", align::right},
                      {"±", align::right},
                      {"python/evo", align::right},
                      {"checksums", align::left}});
    for (const bench_row& row : report.rows) {
        const sample_stats* python = row.python ? &*row.python : nullptr;
        table.add({row.title, median_text(python, row.unit), spread_text(python),
                   median_text(&row.evo, row.unit), spread_text(&row.evo), ratio_text(row),
                   checksum_text(row)});
    }
    table.print(out);
    print_notes(report, out);
}

} // namespace evo::bench
