#include "report.hpp"

#include <evo/bench/text_table.hpp>

#include <evo/bench/bench.hpp>

#include <algorithm>
#include <cstdio>

namespace evo::startup_bench {
namespace {

using bench::align;

constexpr double bytes_per_mb = 1e6; // the targets are in MB, so the table is too
constexpr double version_target_ms = 2, check_target_ms = 5, rss_target_mb = 8,
                 stripped_target_mb = 2;

std::string fixed(double value, int decimals) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string ratio(double value, double baseline) {
    if (baseline <= 0) return "-";
    const double r = value / baseline;
    return fixed(r, r < 10 ? 2 : 1) + "x";
}

double kib_to_mb(double kib) {
    return kib * 1024 / bytes_per_mb;
}

struct row_figures {
    bench::sample_stats wall, rss;
};

std::vector<std::optional<row_figures>> summarize_rows(const startup_results& r) {
    std::vector<std::optional<row_figures>> rows;
    for (const auto& m : r.measurements)
        if (m.failure.empty())
            rows.push_back(
                row_figures{bench::summarize(m.wall_ms), bench::summarize(m.peak_rss_kib)});
        else
            rows.emplace_back();
    return rows;
}

void print_commands(std::ostream& out, const startup_results& r,
                    const std::vector<std::optional<row_figures>>& rows) {
    const auto& base = rows[true_row];
    const auto& python = rows[python_row];
    bench::text_table table({{"command", align::left},
                             {"wall ms", align::right},
                             {"vs true", align::right},
                             {"vs python3", align::right},
                             {"peak RSS MB", align::right},
                             {"vs true", align::right},
                             {"vs python3", align::right}});
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i]) {
            table.add({r.subjects[i].label, "failed"});
            continue;
        }
        const double wall = rows[i]->wall.median, rss = rows[i]->rss.median;
        table.add({r.subjects[i].label, fixed(wall, 2) + " ± " + fixed(rows[i]->wall.mad, 2),
                   base ? ratio(wall, base->wall.median) : "-",
                   python ? ratio(wall, python->wall.median) : "-", fixed(kib_to_mb(rss), 2),
                   base ? ratio(rss, base->rss.median) : "-",
                   python ? ratio(rss, python->rss.median) : "-"});
    }
    table.print(out);
    for (const auto& m : r.measurements)
        if (!m.failure.empty()) out << "failed: " << m.failure << '\n';
}

void print_binary(std::ostream& out, const startup_results& r) {
    out << "\nevo binary: " << fixed(r.unstripped_bytes / bytes_per_mb, 2) << " MB as built, ";
    if (r.stripped_bytes)
        out << fixed(*r.stripped_bytes / bytes_per_mb, 2) << " MB stripped\n";
    else
        out << "stripped size unknown: " << r.strip_failure << '\n';
    out << "peak RSS floor: " << fixed(kib_to_mb(r.fork_floor_kib), 2)
        << " MB (a forked child starts with the benchmark's own pages; no reading goes lower)\n";
}

void add_target(bench::text_table& table, const std::string& what, const std::string& limit,
                std::optional<double> value, double target, const std::string& unit) {
    if (!value) {
        table.add({what, limit, "-", "not measured"});
        return;
    }
    table.add({what, limit, fixed(*value, 2) + " " + unit, *value < target ? "met" : "MISSED"});
}

void print_targets(std::ostream& out, const startup_results& r,
                   const std::vector<std::optional<row_figures>>& rows) {
    auto median_ms = [&](int row) {
        return rows[row] ? std::optional(rows[row]->wall.median) : std::nullopt;
    };
    std::optional<double> evo_rss;
    for (int row : {version_row, check_row})
        if (rows[row]) evo_rss = std::max(evo_rss.value_or(0), kib_to_mb(rows[row]->rss.median));
    std::optional<double> stripped;
    if (r.stripped_bytes) stripped = *r.stripped_bytes / bytes_per_mb;

    out << "\ntargets (issue #2; informative, not a test)\n";
    bench::text_table table({{"  what", align::left},
                             {"target", align::left},
                             {"here", align::right},
                             {"", align::left}});
    add_target(table, "  evo --version median", "< 2 ms", median_ms(version_row), version_target_ms,
               "ms");
    add_target(table, "  evo manifest check median", "< 5 ms", median_ms(check_row),
               check_target_ms, "ms");
    add_target(table, "  evo peak RSS (larger row)", "< 8 MB", evo_rss, rss_target_mb, "MB");
    add_target(table, "  stripped evo binary", "< 2 MB", stripped, stripped_target_mb, "MB");
    table.print(out);
}

} // namespace

void print_report(std::ostream& out, const startup_results& r) {
    const auto rows = summarize_rows(r);
    out << "evo start-up: median of " << r.runs << " runs per command after " << r.warmup
        << " warm-up runs, interleaved; wall time ± median absolute deviation; MB = 10^6 bytes\n\n";
    print_commands(out, r, rows);
    print_binary(out, r);
    print_targets(out, r, rows);
}

} // namespace evo::startup_bench
