#include "provider_kit/retry_loop.hpp"

#include <random>
#include <string>

namespace provider_kit {
namespace {

double jitter() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

[[noreturn]] void give_up(const failure& failed, int attempts, std::string_view why) {
    std::string message = failed.message;
    if (attempts > 1) message += " (" + std::to_string(attempts) + " attempts)";
    if (!why.empty()) message += "; " + std::string(why);
    throw evo::error(failed.status, message);
}

} // namespace

evo::completion complete_with_retries(const evo::host_services& host, const call_budget& budget,
                                      const retry_settings& retry,
                                      const std::function<attempt_result(int)>& attempt) {
    for (int retries = 0;; ++retries) {
        budget.call().throw_if_cancelled();
        attempt_result result = attempt(retries + 1);
        if (result.completion) return std::move(*result.completion);
        const failure& failed = result.failed;
        auto delay = retry_delay(retry, retries, failed, jitter());
        if (!delay) give_up(failed, retries + 1, "");
        if (*delay >= budget.remaining()) give_up(failed, retries + 1, "no time left to retry");
        host.log(EVO_LOG_WARN, failed.message + "; retry " + std::to_string(retries + 1) + " of " +
                                   std::to_string(retry.max_retries) + " in " +
                                   std::to_string(delay->count()) + " ms");
        budget.sleep(*delay);
    }
}

} // namespace provider_kit
