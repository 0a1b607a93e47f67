#pragma once

#include "report.hpp"

#include <ostream>

namespace evo::bench {

// The report as an aligned table for a terminal, with what was measured where.
void print_report_table(const bench_report& report, std::ostream& out);

} // namespace evo::bench
