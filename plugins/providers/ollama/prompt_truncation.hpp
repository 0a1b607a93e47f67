// Ollama truncates a prompt longer than its context window (num_ctx) silently: it keeps the
// prompt's tail and answers that. The only trace is prompt_eval_count.
#pragma once

#include <evo/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace ollama {

// Throws evo::error(EVO_ERR_INVALID_ARGUMENT) when num_ctx is set and the prompt filled it
// (prompt_eval_count >= num_ctx): the answer was to another question. Without num_ctx, warns
// through `host` when prompt_eval_count is exactly one of Ollama's usual default windows (2048,
// 4096) and the request is longer than that many tokens at ~4 bytes a token: a heuristic (the
// server's default is unknown here, and the byte count only estimates tokens), so a warning.
void check_prompt_truncation(const evo::host_services& host, std::optional<uint32_t> num_ctx,
                             uint64_t prompt_eval_count, std::string_view request_body);

} // namespace ollama
