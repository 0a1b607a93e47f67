// One HTTP exchange with the Messages endpoint, and what came of it.
#pragma once

#include "settings.hpp"

#include "provider_kit/call_budget.hpp"
#include "provider_kit/retry_loop.hpp"

#include <evo/plugin.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace anthropic {

// POSTs `body` once, streaming the answer's text to `text`. Failures come back classified
// (the kit's failure classes), their messages free of the API key; only the caller's sink
// refusing text is thrown (evo::error).
provider_kit::attempt_result attempt_message(const evo::host_services& host,
                                             const provider_kit::call_budget& budget,
                                             const settings& config,
                                             const std::vector<std::string>& headers,
                                             std::string_view body, const evo::sink& text);

} // namespace anthropic
