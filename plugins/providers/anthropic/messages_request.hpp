// The body of POST {base_url}/v1/messages for one of evo's normalized requests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace anthropic {

// Turns evo's normalized request ({"model", "messages": [{"role", "content"}...],
// "temperature", "max_tokens", ...}, OpenAI-shaped) into an Anthropic Messages body:
// system messages become the top-level "system" (joined by a blank line), consecutive
// messages of one role are merged (the API wants user and assistant turns), "stop" becomes
// "stop_sequences", evo's own keys (language, contract...) are dropped. `model_override`
// replaces the model when set; the request's max_tokens wins over `default_max_tokens` (the
// API requires one). Throws evo::error(EVO_ERR_INVALID_ARGUMENT) naming what is wrong.
std::string messages_request_body(std::string_view normalized_request,
                                  const std::string& model_override, int64_t default_max_tokens,
                                  bool stream);

} // namespace anthropic
