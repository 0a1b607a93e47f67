#include "provider_kit/retry_policy.hpp"

#include <algorithm>

namespace provider_kit {
namespace {

milliseconds backoff(const retry_settings& settings, int retries_done, double jitter) {
    // Doubling stops once past the cap, long before the count could overflow.
    milliseconds ceiling = settings.base;
    for (int i = 0; i < retries_done && ceiling < settings.max; ++i)
        ceiling *= 2;
    ceiling = std::min(ceiling, settings.max);
    auto half = ceiling / 2;
    return half +
           milliseconds(static_cast<milliseconds::rep>(
               static_cast<double>((ceiling - half).count()) * std::clamp(jitter, 0.0, 1.0)));
}

} // namespace

std::optional<milliseconds> retry_delay(const retry_settings& settings, int retries_done,
                                        const failure& failed, double jitter) {
    if (!retryable(failed) || retries_done >= settings.max_retries) return std::nullopt;
    milliseconds wait = backoff(settings, retries_done, jitter);
    // The server knows when it will take requests again: never ask sooner than it said.
    if (failed.retry_after) wait = std::max(wait, *failed.retry_after);
    return std::min(wait, settings.max);
}

} // namespace provider_kit
