#include "adaptive_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace threadpool {

unsigned permitted_workers(const system_load& load, const pressure_limits& limits,
                           unsigned workers) {
    unsigned permitted = workers;
    if (load.available_mb && *load.available_mb < limits.min_free_mb) permitted = 1;
    double capacity = limits.max_load_per_cpu * load.cpus;
    if (load.load_1min && *load.load_1min > capacity) {
        double share = std::floor(workers * capacity / *load.load_1min);
        permitted = std::min(permitted, static_cast<unsigned>(share));
    }
    return std::max(1u, permitted);
}

adaptive_limiter::adaptive_limiter(pressure_limits limits, reader read, clock_fn now)
    : limits_(limits), read_(std::move(read)), now_(std::move(now)) {}

unsigned adaptive_limiter::permitted(unsigned workers) {
    std::lock_guard lock(mutex_);
    auto now = now_();
    if (!read_at_ || now - *read_at_ >= recheck_interval) {
        last_ = read_();
        read_at_ = now;
    }
    return permitted_workers(last_, limits_, workers);
}

} // namespace threadpool
