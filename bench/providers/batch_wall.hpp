// 200 requests at 100 ms server latency through `evo batch` and the threadpool scheduler, 32
// at once, beside the ideal: ceil(200 / 32) = 7 rounds of 100 ms.
#pragma once

#include "bench_setup.hpp"
#include "scale_row.hpp"

namespace evo::providers_bench {

// The server answers every request after 100 ms; the manifest names the openai provider
// and a threadpool of 32 threads (not adaptive: the bench's own load must not shrink it).
// One warm-up batch, then the median wall time of max(1, runs / 10) batches, each
// checked: 200 result lines, every one passed, and 200 requests received by the server.
scale_bench::scale_rows batch_wall_rows(const bench_setup& setup);

} // namespace evo::providers_bench
