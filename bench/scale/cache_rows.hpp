// The cache rows: gets and puts per second of the memory, sqlite and redis cache plugins, the
// redis ones beside redis-benchmark on the same server.
#pragma once

#include "scale_row.hpp"

#include <filesystem>

namespace evo::scale_bench {

// `quick`: a tenth of the operations, for a smoke run.
scale_rows cache_rows(const std::filesystem::path& scratch, bool quick);

} // namespace evo::scale_bench
