// What a worker's answer, or its failure to give one, means for the source.
#pragma once

#include "worker_process.hpp"

#include <evo/plugin.hpp>

#include <chrono>
#include <optional>

namespace evo::python_syntax {

// The finding an exchange amounts to; none when the source compiled. Every failure to
// compile, including the worker crashing or running out of time, rejects the source.
// Throws evo::error(EVO_ERR_CANCELLED) for a cancelled exchange, which has no verdict.
std::optional<evo::finding> finding_for(const exchange& result, std::chrono::milliseconds timeout);

} // namespace evo::python_syntax
