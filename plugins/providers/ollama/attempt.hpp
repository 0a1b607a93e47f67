// One attempt at a completion: one POST, its answer read, what went wrong classified.
#pragma once

#include "settings.hpp"

#include <provider_kit/call_budget.hpp>
#include <provider_kit/retry_loop.hpp>

#include <evo/plugin.hpp>

#include <string_view>

namespace ollama {

// The completion, or the failure (classified by the kit) that ended the attempt. Throws
// evo::error(EVO_ERR_STOPPED) when the caller refused more text.
provider_kit::attempt_result attempt_completion(const evo::host_services& host,
                                                const provider_kit::call_budget& budget,
                                                const settings& config, std::string_view body,
                                                const evo::sink& text);

} // namespace ollama
