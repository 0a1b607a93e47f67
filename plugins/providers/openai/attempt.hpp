// One HTTP exchange with the server, and what came of it.
#pragma once

#include "call_budget.hpp"
#include "retry_policy.hpp"
#include "settings.hpp"

#include <evo/plugin.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace openai {

struct attempt_failure {
    evo_status status = EVO_ERR_INTERNAL; // what the call fails with if this is the last try
    std::string message;
    failed_attempt retry; // what the retry policy needs to know
};

struct attempt_result {
    std::optional<evo::completion> completion; // set on success
    attempt_failure failure;                   // otherwise
};

// POSTs `body` to the chat endpoint once, streaming the answer's text to `text`. Failures
// come back classified; only the caller's sink refusing text is thrown (evo::error).
attempt_result attempt_completion(const evo::host_services& host, const call_budget& budget,
                                  const settings& config, const std::vector<std::string>& headers,
                                  std::string_view body, const evo::sink& text);

} // namespace openai
