#pragma once

#include <evo/plugin.h>

#include <optional>

namespace threadpool {

// How many tasks may run at once while a provider answers 429 (EVO_ERR_RATE_LIMITED): TCP's
// additive increase, multiplicative decrease. Each rate-limited task halves the window (never
// below one, so the batch keeps moving); each `window` successes in a row widen it by one, up
// to the ceiling the batch started with. Other outcomes say nothing about the rate limit and
// leave it as it is. Not thread-safe: its owner serialises the calls.
class rate_limit_window {
  public:
    struct change {
        unsigned from;
        unsigned to;
    };

    explicit rate_limit_window(unsigned ceiling);

    // The window after a task ended with `status`, and what changed, if anything.
    std::optional<change> record(evo_status status);

    unsigned size() const noexcept { return size_; }
    unsigned ceiling() const noexcept { return ceiling_; }

  private:
    unsigned ceiling_;
    unsigned size_;
    unsigned successes_ = 0; // since the window last changed
};

} // namespace threadpool
