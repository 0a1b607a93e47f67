#include "rate_limit_window.hpp"

#include <algorithm>

namespace threadpool {

rate_limit_window::rate_limit_window(unsigned ceiling)
    : ceiling_(std::max(1u, ceiling)), size_(ceiling_) {}

std::optional<rate_limit_window::change> rate_limit_window::record(evo_status status) {
    unsigned before = size_;
    if (status == EVO_ERR_RATE_LIMITED) {
        size_ = std::max(1u, size_ / 2);
        successes_ = 0;
    } else if (status == EVO_OK && size_ < ceiling_) {
        // One step per window's worth of successes: as many as ran at once at this size.
        if (++successes_ >= size_) {
            ++size_;
            successes_ = 0;
        }
    }
    if (size_ == before) return std::nullopt;
    return change{before, size_};
}

} // namespace threadpool
