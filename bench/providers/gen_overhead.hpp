// `evo gen --no-cache` beside curl sending the same request to the same server: what evo adds
// to a request, start-up included, over the smallest client there is.
#pragma once

#include "bench_setup.hpp"
#include "scale_row.hpp"

namespace evo::providers_bench {

// A manifest with the openai provider alone (no validator; [pipeline] allow_unvalidated, so
// the code is accepted). One evo gen is sent first and the exact body it sent is read back
// from the server; then `warmup` + `runs` rounds, each timing one evo gen and one curl
// POSTing that body with evo's headers (fork to wait4, output captured, both alike). Rows:
// the median (against the target: under 1 ms more than curl) and the 90th percentile.
scale_bench::scale_rows gen_overhead_rows(const bench_setup& setup);

} // namespace evo::providers_bench
