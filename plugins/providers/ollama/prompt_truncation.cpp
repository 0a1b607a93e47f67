#include "prompt_truncation.hpp"

#include <string>

namespace ollama {

void check_prompt_truncation(const evo::host_services& host, std::optional<uint32_t> num_ctx,
                             uint64_t prompt_eval_count, std::string_view request_body) {
    if (num_ctx) {
        if (prompt_eval_count >= *num_ctx)
            throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                             "the prompt was truncated to num_ctx=" + std::to_string(*num_ctx) +
                                 " tokens (prompt_eval_count " + std::to_string(prompt_eval_count) +
                                 "): raise num_ctx");
        return;
    }
    constexpr uint64_t bytes_per_token = 4;
    if ((prompt_eval_count == 2048 || prompt_eval_count == 4096) &&
        request_body.size() > prompt_eval_count * bytes_per_token)
        host.log(EVO_LOG_WARN,
                 "the prompt may have been truncated to the server's context window (" +
                     std::to_string(prompt_eval_count) +
                     " tokens, the request is longer): set num_ctx to know");
}

} // namespace ollama
