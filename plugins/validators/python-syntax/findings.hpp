// What a worker's answer, or its failure to give one, means for the source.
#pragma once

#include "worker_process.hpp"

#include <evo/plugin.hpp>

#include <chrono>
#include <optional>

namespace evo::python_syntax {

// The limits a worker judges under, as configured: a source that hits one is not judged.
struct judging_limits {
    std::chrono::milliseconds timeout;
    uint64_t memory_limit_mb; // 0: none
};

// The finding an exchange amounts to; none when the source compiled. A failure to compile
// rejects the source, and so does a worker that crashed on it. A limit is not a verdict on
// the source: running out of time throws evo::error(EVO_ERR_TIMEOUT), a MemoryError under a
// memory limit (for a source big enough to need it: see findings.cpp)
// evo::error(EVO_ERR_UNAVAILABLE), each naming the key to raise, so the host reports the file
// as not checked (an operational error) instead of rejecting it.
// Throws evo::error(EVO_ERR_CANCELLED) for a cancelled exchange, which has no verdict.
std::optional<evo::finding> finding_for(const exchange& result, std::size_t source_size,
                                        const judging_limits& limits);

} // namespace evo::python_syntax
