// Attempts a completion until it succeeds or the retry policy gives up.
#pragma once

#include "provider_kit/call_budget.hpp"
#include "provider_kit/failure.hpp"
#include "provider_kit/retry_policy.hpp"

#include <evo/plugin.hpp>

#include <functional>
#include <optional>

namespace provider_kit {

struct attempt_result {
    std::optional<evo::completion> completion; // set on success
    failure failed;                            // otherwise
};

// Calls attempt(n) (n = 1, 2, ...) until it returns a completion or the policy gives up;
// between tries logs a WARN through host ("<message>; retry 1 of 3 in 500 ms") and waits
// (cancellable, never past the budget). Gives up by throwing evo::error(failed.status,
// message + " (N attempts)" + "; no time left to retry" when that was why).
// evo::error thrown by attempt() (e.g. EVO_ERR_STOPPED from the caller's sink) passes through.
evo::completion complete_with_retries(const evo::host_services& host, const call_budget& budget,
                                      const retry_settings& retry,
                                      const std::function<attempt_result(int)>& attempt);

} // namespace provider_kit
