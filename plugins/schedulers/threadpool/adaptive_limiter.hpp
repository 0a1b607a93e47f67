#pragma once

#include "system_load.hpp"

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

namespace threadpool {

struct pressure_limits {
    double max_load_per_cpu = 1.5;   // above this 1-minute load per CPU, fewer workers run
    std::uint64_t min_free_mb = 256; // below this available memory, one worker runs
};

// How many of `workers` may start a task under `load`: all of them without pressure; under CPU
// pressure a share proportional to how far the load exceeds the limit; under memory pressure
// one, since each extra task could be the one that exhausts memory. Always at least one.
unsigned permitted_workers(const system_load& load, const pressure_limits& limits,
                           unsigned workers);

// permitted_workers() over a reading of the system that is refreshed at most every 250 ms,
// so asking before every task stays cheap. Readings and clock are injectable for tests.
// Thread-safe.
class adaptive_limiter {
  public:
    using clock = std::chrono::steady_clock;
    using clock_fn = std::function<clock::time_point()>;
    using reader = std::function<system_load()>;

    static constexpr std::chrono::milliseconds recheck_interval{250};

    explicit adaptive_limiter(pressure_limits limits, reader read = &read_system_load,
                              clock_fn now = &clock::now);

    unsigned permitted(unsigned workers);

  private:
    pressure_limits limits_;
    reader read_;
    clock_fn now_;
    std::mutex mutex_;
    std::optional<clock::time_point> read_at_;
    system_load last_;
};

} // namespace threadpool
