#include "openai_provider.hpp"

#include "attempt.hpp"
#include "call_budget.hpp"
#include "chat_request.hpp"

#include <random>

namespace openai {
namespace {

std::vector<std::string> request_headers(const settings& config) {
    std::vector<std::string> headers{"Content-Type: application/json",
                                     config.stream ? "Accept: text/event-stream"
                                                   : "Accept: application/json"};
    if (!config.api_key.empty()) headers.push_back("Authorization: Bearer " + config.api_key);
    return headers;
}

double jitter() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

[[noreturn]] void give_up(const attempt_failure& failure, int attempts, std::string_view why) {
    std::string message = failure.message;
    if (attempts > 1) message += " (" + std::to_string(attempts) + " attempts)";
    if (!why.empty()) message += "; " + std::string(why);
    throw evo::error(failure.status, message);
}

} // namespace

openai_provider::openai_provider(evo::host_services host, const boost::json::object& config)
    : host_(host), settings_(read_settings(config)), headers_(request_headers(settings_)) {}

evo::completion openai_provider::complete(const evo::call& c, std::string_view request_json,
                                          const evo::sink& text) {
    std::string body = chat_request_body(request_json, settings_.model, settings_.stream);
    call_budget budget(c, settings_.timeout);
    for (int retries = 0;; ++retries) {
        budget.call().throw_if_cancelled();
        attempt_result result = attempt_completion(host_, budget, settings_, headers_, body, text);
        if (result.completion) return std::move(*result.completion);
        const attempt_failure& failure = result.failure;
        auto delay = retry_delay(settings_.retry, retries, failure.retry, jitter());
        if (!delay) give_up(failure, retries + 1, "");
        if (*delay >= budget.remaining()) give_up(failure, retries + 1, "no time left to retry");
        host_.log(EVO_LOG_WARN, failure.message + "; retry " + std::to_string(retries + 1) +
                                    " of " + std::to_string(settings_.retry.max_retries) + " in " +
                                    std::to_string(delay->count()) + " ms");
        budget.sleep(*delay);
    }
}

} // namespace openai
