#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace threadpool {

// What the machine looks like right now; a reading the system could not give is empty.
struct system_load {
    std::optional<double> load_1min;
    unsigned cpus = 1;
    std::optional<std::uint64_t> available_mb;
};

// getloadavg(), the online CPUs and MemAvailable of /proc/meminfo. Never throws.
system_load read_system_load() noexcept;

// MemAvailable of a /proc/meminfo text, in MiB.
std::optional<std::uint64_t> parse_mem_available_mb(std::string_view meminfo);

} // namespace threadpool
