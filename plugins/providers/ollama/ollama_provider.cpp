#include "ollama_provider.hpp"

#include "attempt.hpp"
#include "chat_request.hpp"
#include "prompt_truncation.hpp"

#include <provider_kit/call_budget.hpp>
#include <provider_kit/retry_loop.hpp>

namespace ollama {

ollama_provider::ollama_provider(evo::host_services host, const boost::json::object& config)
    : host_(host), settings_(read_settings(config)) {}

evo::completion ollama_provider::complete(const evo::call& c, std::string_view request_json,
                                          const evo::sink& text) {
    const std::string body =
        chat_request_body(request_json, settings_.model, settings_.num_ctx, settings_.stream);
    provider_kit::call_budget budget(c, settings_.http.timeouts.total);
    evo::completion done =
        provider_kit::complete_with_retries(host_, budget, settings_.http.retry, [&](int) {
            return attempt_completion(host_, budget, settings_, body, text);
        });
    check_prompt_truncation(host_, settings_.num_ctx, done.prompt_tokens, body);
    if (done.model.empty()) done.model = settings_.model;
    return done;
}

} // namespace ollama
