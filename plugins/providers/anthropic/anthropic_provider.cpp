#include "anthropic_provider.hpp"

#include "attempt.hpp"
#include "messages_request.hpp"

#include "provider_kit/call_budget.hpp"
#include "provider_kit/retry_loop.hpp"

namespace anthropic {
namespace {

std::vector<std::string> request_headers(const settings& config) {
    std::vector<std::string> headers{"Content-Type: application/json",
                                     config.stream ? "Accept: text/event-stream"
                                                   : "Accept: application/json",
                                     "anthropic-version: " + config.anthropic_version};
    if (!config.api_key.empty()) headers.push_back("x-api-key: " + config.api_key);
    return headers;
}

} // namespace

anthropic_provider::anthropic_provider(evo::host_services host, const boost::json::object& config)
    : host_(host), settings_(read_settings(config)), headers_(request_headers(settings_)) {}

evo::completion anthropic_provider::complete(const evo::call& c, std::string_view request_json,
                                             const evo::sink& text) {
    std::string body = messages_request_body(request_json, settings_.model, settings_.max_tokens,
                                             settings_.stream);
    provider_kit::call_budget budget(c, settings_.http.timeouts.total);
    return provider_kit::complete_with_retries(host_, budget, settings_.http.retry, [&](int) {
        return attempt_message(host_, budget, settings_, headers_, body, text);
    });
}

} // namespace anthropic
