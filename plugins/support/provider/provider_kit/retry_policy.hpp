// When to try a request again, and after how long: a pure function of what happened.
#pragma once

#include "provider_kit/failure.hpp"

#include <chrono>
#include <optional>

namespace provider_kit {

using milliseconds = std::chrono::milliseconds;

struct retry_settings {
    int max_retries = 3;
    milliseconds base{250};
    milliseconds max{8000}; // caps every wait, Retry-After included
};

// The wait before retry number retries_done + 1, or nullopt to give up (a failure that is not
// retryable, or no retries left). `jitter` in [0, 1) picks the exponential backoff's wait
// within [half, all] of base * 2^retries_done. A server's Retry-After is the MINIMUM wait:
// max(retry_after, backoff), capped by settings.max.
std::optional<milliseconds> retry_delay(const retry_settings& settings, int retries_done,
                                        const failure& failed, double jitter);

} // namespace provider_kit
