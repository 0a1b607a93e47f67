#include "compare.hpp"

#include "format.hpp"
#include <evo/bench/text_table.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>

namespace evo::bench {
namespace {

constexpr double noise_in_mads = 3;
constexpr double smallest_regression = 0.05;

std::optional<double> relative_change(std::optional<double> before, std::optional<double> after) {
    if (!before || !after || *before == 0) return std::nullopt;
    return (*after - *before) / *before;
}

const bench_row* find_row(const std::vector<bench_row>& rows, const bench_row& wanted) {
    const auto found = std::find_if(rows.begin(), rows.end(), [&](const bench_row& row) {
        return row.suite == wanted.suite && row.name == wanted.name;
    });
    return found == rows.end() ? nullptr : &*found;
}

std::optional<double> python_median(const bench_row* row) {
    if (!row || !row->python) return std::nullopt;
    return row->python->median;
}

row_change change_between(const bench_row* saved, const bench_row* now) {
    const bench_row& any = now ? *now : *saved;
    row_change change;
    change.suite = any.suite;
    change.name = any.name;
    change.title = any.title;
    change.unit = any.unit;
    if (saved) change.saved_median = saved->evo.median;
    if (now) change.new_median = now->evo.median;
    change.python_change = relative_change(python_median(saved), python_median(now));
    change.regression = saved && now && is_regression(saved->evo, now->evo, now->lower_is_better);
    return change;
}

std::string percent_text(std::optional<double> change) {
    if (!change) return "-";
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%+.1f%%", *change * 100);
    return text.data();
}

std::string median_text(std::optional<double> median, const std::string& unit) {
    return median ? readable_number(*median) + " " + unit : "-";
}

std::string verdict(const row_change& change) {
    if (!change.saved_median) return "new row";
    if (!change.new_median) return "not measured";
    return change.regression ? "REGRESSION" : "ok";
}

boost::json::value optional_number(std::optional<double> value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

} // namespace

bool is_regression(const sample_stats& saved, const sample_stats& now, bool lower_is_better) {
    const double worse_by = lower_is_better ? now.median - saved.median : saved.median - now.median;
    const double noise = noise_in_mads * std::max(saved.mad, now.mad);
    return worse_by > noise && worse_by > smallest_regression * std::abs(saved.median);
}

std::optional<double> row_change::change() const {
    return relative_change(saved_median, new_median);
}

std::vector<row_change> compare_rows(const std::vector<bench_row>& saved,
                                     const std::vector<bench_row>& now) {
    std::vector<row_change> changes;
    for (const bench_row& row : now)
        changes.push_back(change_between(find_row(saved, row), &row));
    for (const bench_row& row : saved)
        if (!find_row(now, row)) changes.push_back(change_between(&row, nullptr));
    return changes;
}

bool any_regression(const std::vector<row_change>& changes) {
    return std::any_of(changes.begin(), changes.end(),
                       [](const row_change& change) { return change.regression; });
}

void print_comparison(const std::vector<row_change>& changes, const std::string& saved_name,
                      std::ostream& out) {
    out << "\nevo against " << saved_name << " (regression: worse by more than " << noise_in_mads
        << " MAD and " << smallest_regression * 100 << "%)\n";
    text_table table({{"workload", align::left},
                      {"saved evo", align::right},
                      {"evo now", align::right},
                      {"change", align::right},
                      {"python change", align::right},
                      {"", align::left}});
    for (const row_change& change : changes)
        table.add({change.title, median_text(change.saved_median, change.unit),
                   median_text(change.new_median, change.unit), percent_text(change.change()),
                   percent_text(change.python_change), verdict(change)});
    table.print(out);
}

boost::json::object comparison_to_json(const std::vector<row_change>& changes,
                                       const std::string& saved_name) {
    boost::json::array rows;
    for (const row_change& change : changes)
        rows.push_back({{"suite", change.suite},
                        {"name", change.name},
                        {"saved_median", optional_number(change.saved_median)},
                        {"new_median", optional_number(change.new_median)},
                        {"change", optional_number(change.change())},
                        {"python_change", optional_number(change.python_change)},
                        {"regression", change.regression}});
    return {{"against", saved_name},
            {"regressions", any_regression(changes)},
            {"rows", std::move(rows)}};
}

} // namespace evo::bench
