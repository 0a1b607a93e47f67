#include "system_load.hpp"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <thread>
#include <unistd.h>

namespace threadpool {
namespace {

unsigned online_cpus() {
    long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus > 0) return static_cast<unsigned>(cpus);
    return std::max(1u, std::thread::hardware_concurrency());
}

// Plain read(2) rather than std::ifstream, whose locale and stream machinery, linked into the
// plugin, cost every evo that loads it some 13 us (bench/evolve).
std::optional<std::uint64_t> read_available_mb() {
    const int fd = ::open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) != 0;) {
        if (n > 0) text.append(buffer, static_cast<std::size_t>(n));
        else if (errno != EINTR) break;
    }
    ::close(fd);
    return parse_mem_available_mb(text);
}

} // namespace

system_load read_system_load() noexcept {
    system_load load;
    load.cpus = online_cpus();
    double averages[1];
    if (::getloadavg(averages, 1) == 1) load.load_1min = averages[0];
    try {
        load.available_mb = read_available_mb();
    } catch (...) {
        // Unknown free memory means no memory pressure is assumed.
    }
    return load;
}

std::optional<std::uint64_t> parse_mem_available_mb(std::string_view meminfo) {
    constexpr std::string_view label = "MemAvailable:";
    std::size_t at = meminfo.find(label);
    if (at == std::string_view::npos || (at > 0 && meminfo[at - 1] != '\n')) return std::nullopt;
    std::string_view rest = meminfo.substr(at + label.size());
    rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
    std::uint64_t kib = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), kib);
    std::string_view unit(end, static_cast<std::size_t>(rest.data() + rest.size() - end));
    if (ec != std::errc() || unit.substr(0, 3) != " kB") return std::nullopt;
    return kib / 1024;
}

} // namespace threadpool
