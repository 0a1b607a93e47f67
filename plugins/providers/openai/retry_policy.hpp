// When to try a request again, and after how long: pure functions of what happened.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace openai {

using milliseconds = std::chrono::milliseconds;

// How a failed attempt may be followed up.
enum class failure_kind {
    rate_limited, // HTTP 429: wait (Retry-After when given) and try again
    transient,    // 5xx, connection refused or reset, an answer cut short: back off, try again
    final         // anything else: retrying would fail the same way
};

failure_kind classify_http_status(int status) noexcept;

struct retry_settings {
    int max_retries = 3;
    milliseconds base{250};
    milliseconds max{8000}; // caps every wait, Retry-After included
};

struct failed_attempt {
    failure_kind kind = failure_kind::final;
    bool text_streamed = false;              // some text already reached the caller
    std::optional<milliseconds> retry_after; // what the server asked for, if anything
};

// The wait before retry number retries_done + 1, or nullopt to give up. `jitter` in [0, 1)
// picks the exponential backoff's wait within [half, all] of base * 2^retries_done.
std::optional<milliseconds> retry_delay(const retry_settings& settings, int retries_done,
                                        const failed_attempt& failure, double jitter);

// Parses a Retry-After value: delay-seconds or an HTTP date (IMF-fixdate, RFC 850, asctime).
// A date in the past means no wait; nullopt when the value is neither.
std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now);

} // namespace openai
