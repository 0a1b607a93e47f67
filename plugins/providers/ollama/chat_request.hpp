// The body of POST {base_url}/api/chat for one of evo's normalized requests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ollama {

// Ollama's body: model, messages (role and text: content parts joined), stream, and options
// (temperature, top_p, seed, stop; max_tokens becomes num_predict; num_ctx when set). evo's
// own keys such as "language" are dropped. Throws evo::error(EVO_ERR_INVALID_ARGUMENT) naming
// what is wrong.
std::string chat_request_body(std::string_view normalized_request,
                              const std::string& model_override, std::optional<uint32_t> num_ctx,
                              bool stream);

} // namespace ollama
