// evo bench's pipeline suite: evo's own figures, each with its unit.
#pragma once

#include "context.hpp"

#include <evo/bench/bench.hpp>

namespace evo::cli {

bench::pipeline_measure pipeline_suite(const context& ctx);

} // namespace evo::cli
