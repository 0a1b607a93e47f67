// The body of POST {base_url}/chat/completions for one of evo's normalized requests.
#pragma once

#include <string>
#include <string_view>

namespace openai {

// Keeps the OpenAI parameters of `normalized_request` (evo's own keys such as "language" are
// dropped), replaces the model when `model_override` is set and asks for a stream (with usage)
// or a single answer. Throws evo::error(EVO_ERR_INVALID_ARGUMENT) naming what is wrong.
std::string chat_request_body(std::string_view normalized_request,
                              const std::string& model_override, bool stream);

} // namespace openai
