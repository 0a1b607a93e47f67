// --compare: the change of each row against a saved result, and which changes are
// regressions.
#pragma once

#include <evo/bench/bench.hpp>

#include <boost/json/fwd.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace evo::bench {

// Worse by more than both the noise the two results measured (3 x the larger MAD) and 5% of
// the saved median. Judged on evo's side: Python's figures are the yardstick, not the product.
bool is_regression(const sample_stats& saved, const sample_stats& now, bool lower_is_better);

struct row_change {
    std::string suite;
    std::string name;
    std::string title;
    std::string unit;
    std::optional<double> saved_median;  // absent: the row is new
    std::optional<double> new_median;    // absent: the row was not measured this time
    std::optional<double> python_change; // relative change of Python's median, for context
    bool regression = false;

    std::optional<double> change() const; // relative change of evo's median
};

// Rows are matched by suite and name, in the order of the new result, then the saved rows
// that were not measured this time.
std::vector<row_change> compare_rows(const std::vector<bench_row>& saved,
                                     const std::vector<bench_row>& now);
bool any_regression(const std::vector<row_change>& changes);

void print_comparison(const std::vector<row_change>& changes, const std::string& saved_name,
                      std::ostream& out);
boost::json::object comparison_to_json(const std::vector<row_change>& changes,
                                       const std::string& saved_name);

} // namespace evo::bench
