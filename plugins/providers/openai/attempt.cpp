#include "attempt.hpp"

#include "chat_response.hpp"
#include "quota.hpp"
#include "response_reader.hpp"

#include <algorithm>
#include <cctype>

namespace openai {
namespace {

attempt_result failed(evo_status status, std::string message, failure_kind kind,
                      const response_reader& reader) {
    attempt_result result;
    result.failure = {status, std::move(message), {kind, reader.text_streamed(), std::nullopt}};
    return result;
}

bool same_header(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

// Failures found in the body itself: a malformed answer is final, an error the server sent
// inside a 2xx answer is worth another try.
attempt_result answer_failure(const evo::error& e, const response_reader& reader) {
    auto kind = e.status() == EVO_ERR_UNAVAILABLE ? failure_kind::transient : failure_kind::final;
    return failed(e.status(), e.what(), kind, reader);
}

std::string in_ms(milliseconds duration) {
    return std::to_string(duration.count()) + " ms";
}

std::string timeout_reason(const call_budget& budget, const settings& config) {
    if (budget.remaining().count() > 0)
        return "the server stalled: no data for " + in_ms(config.stall_timeout) +
               " (stall_timeout_ms)";
    if (budget.limited_by_timeout())
        return "no answer within " + in_ms(config.timeout) + " (timeout_ms)";
    return "the call's deadline passed";
}

attempt_result transport_failure(evo_status status, const call_budget& budget,
                                 const settings& config, const response_reader& reader) {
    switch (status) {
    case EVO_ERR_TIMEOUT:
        return failed(status, timeout_reason(budget, config), failure_kind::final, reader);
    case EVO_ERR_CANCELLED:
        return failed(status, "cancelled", failure_kind::final, reader);
    case EVO_ERR_FORBIDDEN:
        // The host's network policy, not the server: asking again cannot help.
        return failed(status,
                      "the host refused to contact " + config.endpoint +
                          ": it is not a loopback address (set EVO_ALLOW_REMOTE_HTTP=1 to allow "
                          "remote LLM servers)",
                      failure_kind::final, reader);
    case EVO_ERR_UNAVAILABLE:
    case EVO_ERR_PROTOCOL:
        if (reader.bytes_received() == 0 && status == EVO_ERR_UNAVAILABLE)
            return failed(status, "cannot reach " + config.endpoint, failure_kind::transient,
                          reader);
        return failed(EVO_ERR_PROTOCOL,
                      "the answer was cut off after " + std::to_string(reader.bytes_received()) +
                          " bytes",
                      failure_kind::transient, reader);
    default:
        return failed(status, "HTTP POST " + config.endpoint + " failed", failure_kind::final,
                      reader);
    }
}

attempt_result status_failure(const evo::http_response& response, const settings& config,
                              const response_reader& reader) {
    int code = response.status;
    if (quota_exhausted(code, reader.body()))
        return failed(EVO_ERR_RATE_LIMITED,
                      "quota exhausted: HTTP " + std::to_string(code) + " from " + config.endpoint +
                          ": " + error_detail(reader.body()) + " (not retried)",
                      failure_kind::final, reader);
    evo_status status = code == 429                 ? EVO_ERR_RATE_LIMITED
                        : code >= 500               ? EVO_ERR_UNAVAILABLE
                        : code >= 400 && code < 500 ? EVO_ERR_INVALID_ARGUMENT
                                                    : EVO_ERR_PROTOCOL;
    attempt_result result = failed(status,
                                   "HTTP " + std::to_string(code) + " from " + config.endpoint +
                                       ": " + error_detail(reader.body()),
                                   classify_http_status(code), reader);
    for (const auto& [name, value] : response.headers)
        if (same_header(name, "Retry-After"))
            result.failure.retry.retry_after =
                parse_retry_after(value, std::chrono::system_clock::now());
    return result;
}

attempt_result stream_result(const response_reader& reader) {
    switch (reader.stream_ending()) {
    case response_reader::stream_end::complete:
        return {reader.stream_facts(), {}};
    case response_reader::stream_end::not_a_stream:
        return failed(EVO_ERR_PROTOCOL, "expected an event stream, got: " + preview(reader.body()),
                      failure_kind::final, reader);
    case response_reader::stream_end::early:
        break;
    }
    return failed(EVO_ERR_PROTOCOL,
                  "stream ended early: no [DONE] or finish_reason after " +
                      std::to_string(reader.events()) + " events",
                  failure_kind::transient, reader);
}

attempt_result plain_result(const response_reader& reader, const evo::sink& text) {
    chat_answer answer;
    try {
        answer = parse_chat_completion(reader.body());
    } catch (const evo::error& e) {
        return answer_failure(e, reader);
    }
    text.write(answer.text);
    return {std::move(answer.facts), {}};
}

} // namespace

attempt_result attempt_completion(const evo::host_services& host, const call_budget& budget,
                                  const settings& config, const std::vector<std::string>& headers,
                                  std::string_view body, const evo::sink& text) {
    response_reader reader(config.stream, text);
    evo::http_response response;
    std::optional<evo_status> transport_error;
    try {
        response =
            host.http(budget.call(), "POST", config.endpoint, headers, body, reader.body_sink(),
                      static_cast<uint32_t>(config.stall_timeout.count()));
    } catch (const evo::error& e) {
        transport_error = e.status();
    }
    if (const auto& own = reader.failure()) {
        if (own->status() == EVO_ERR_STOPPED) throw *own;
        return answer_failure(*own, reader);
    }
    if (transport_error) return transport_failure(*transport_error, budget, config, reader);
    if (response.status < 200 || response.status > 299)
        return status_failure(response, config, reader);
    return config.stream ? stream_result(reader) : plain_result(reader, text);
}

} // namespace openai
