// The benchmark's table: each command's median wall time and peak RSS beside /bin/true and
// python3 measured in the same run, the stripped evo binary, and issue #2's targets.
#pragma once

#include "measure.hpp"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace evo::startup_bench {

// The subjects, in this order.
enum subject_row { true_row, python_row, version_row, check_row, row_count };

struct startup_results {
    std::vector<subject> subjects;
    std::vector<measurement> measurements;
    int warmup = 0;
    int runs = 0;
    double fork_floor_kib = 0;
    std::uintmax_t unstripped_bytes = 0;
    std::optional<std::uintmax_t> stripped_bytes;
    std::string strip_failure; // why stripped_bytes is empty
};

void print_report(std::ostream& out, const startup_results& results);

} // namespace evo::startup_bench
