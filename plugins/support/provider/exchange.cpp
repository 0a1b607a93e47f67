#include "provider_kit/exchange.hpp"

#include <algorithm>

namespace provider_kit {
namespace {

std::string in_ms(std::chrono::milliseconds duration) {
    return std::to_string(duration.count()) + " ms";
}

uint32_t as_u32(std::chrono::milliseconds duration) {
    return static_cast<uint32_t>(std::clamp<int64_t>(duration.count(), 1, UINT32_MAX));
}

} // namespace

exchange::exchange(const evo::host_services& host, const call_budget& budget,
                   const limits& limits) noexcept
    : host_(host), budget_(budget), limits_(limits) {}

void exchange::text_arrived() noexcept {
    if (text_arrived_) return;
    text_arrived_ = true;
    // The host reads deadline_unix_ms on every progress callback of the transfer, which runs
    // on this thread: from now on only the total budget bounds it.
    call_.deadline_unix_ms = budget_.call().deadline_unix_ms();
}

evo_status exchange::receive(void* self, evo_str chunk) noexcept {
    auto& ex = *static_cast<exchange*>(self);
    ex.bytes_received_ += chunk.size;
    try {
        ex.on_body_->write(evo::view(chunk));
        return EVO_OK;
    } catch (...) {
        return EVO_ERR_STOPPED;
    }
}

evo_status exchange::take_header(void* self, evo_str name, evo_str value) noexcept {
    auto& ex = *static_cast<exchange*>(self);
    ex.headers_seen_ = true;
    try {
        ex.outcome_->headers.emplace_back(evo::view(name), evo::view(value));
        return EVO_OK;
    } catch (...) {
        return EVO_ERR_STOPPED;
    }
}

exchange::outcome exchange::post(std::string_view url, const std::vector<std::string>& headers,
                                 std::string_view body, const evo::sink& on_body) {
    outcome result;
    outcome_ = &result;
    on_body_ = &on_body;
    text_arrived_ = false;
    headers_seen_ = false;
    bytes_received_ = 0;

    // A copy of the budget's call keeps its cancellation check; its deadline is the first
    // token's until text_arrived().
    call_ = *budget_.call().raw();
    started_ms_ = now_unix_ms();
    first_token_deadline_ms_ = started_ms_ + limits_.first_token.count();
    if (call_.deadline_unix_ms == 0 || first_token_deadline_ms_ < call_.deadline_unix_ms)
        call_.deadline_unix_ms = first_token_deadline_ms_;

    std::vector<evo_str> raw_headers;
    raw_headers.reserve(headers.size());
    for (const auto& h : headers)
        raw_headers.push_back(evo::str(h));
    evo_http_request request{};
    request.struct_size = sizeof request;
    request.method = evo::str("POST");
    request.url = evo::str(url);
    request.headers = raw_headers.data();
    request.header_count = static_cast<uint32_t>(raw_headers.size());
    request.body = evo::str(body);
    request.connect_timeout_ms = as_u32(limits_.connect);
    request.stall_timeout_ms = as_u32(limits_.idle);
    int32_t status = 0;
    const evo_host_api* api = host_.raw();
    evo_status s =
        api->http(api->host_data, &call_, &request, &status, take_header, this, receive, this);
    result.http_status = status;
    if (s != EVO_OK) result.transport_error = s;
    outcome_ = nullptr;
    on_body_ = nullptr;
    return result;
}

failure exchange::transport_failure(evo_status status, std::string_view endpoint,
                                    std::size_t bytes_received, bool text_streamed) const {
    const std::string url(endpoint);
    auto make = [&](failure_class kind, std::string message) {
        return make_failure(kind, std::move(message), text_streamed);
    };
    switch (status) {
    case EVO_ERR_TIMEOUT: {
        if (budget_.remaining().count() == 0) {
            if (budget_.limited_by_timeout())
                return make(failure_class::timeout, "no answer within " + in_ms(limits_.total) +
                                                        " (timeout_ms) from " + url);
            return make(failure_class::timeout, "the call's deadline passed waiting for " + url);
        }
        if (!text_arrived_ && now_unix_ms() >= first_token_deadline_ms_)
            return make(failure_class::timeout, "no first token from " + url + " within " +
                                                    in_ms(limits_.first_token) +
                                                    " (first_token_timeout_ms)");
        // The idle limit counts from the start of the transfer too: before it could fire, a
        // timeout with nothing received can only be curl's connect limit.
        if (!headers_seen_ && bytes_received == 0 &&
            now_unix_ms() - started_ms_ < limits_.idle.count()) {
            failure f =
                make(failure_class::timeout, "no connection to " + url + " within " +
                                                 in_ms(limits_.connect) + " (connect_timeout_ms)");
            f.retry_connect_timeout = true;
            return f;
        }
        return make(failure_class::timeout,
                    "no data from " + url + " for " + in_ms(limits_.idle) + " (idle_timeout_ms)");
    }
    case EVO_ERR_CANCELLED:
        return make(failure_class::cancelled, "cancelled");
    case EVO_ERR_FORBIDDEN:
        // The host's network policy, not the server: asking again cannot help.
        return make(failure_class::forbidden,
                    "the host refused to contact " + url +
                        ": it is not a loopback address (set EVO_ALLOW_REMOTE_HTTP=1 to allow "
                        "remote LLM servers)");
    case EVO_ERR_UNAVAILABLE:
    case EVO_ERR_PROTOCOL: {
        if (bytes_received == 0 && !headers_seen_)
            return make(failure_class::server_error,
                        status == EVO_ERR_UNAVAILABLE
                            ? "cannot reach " + url
                            : url + " closed the connection without answering");
        failure f = make(failure_class::server_error, "the answer was cut off after " +
                                                          std::to_string(bytes_received) +
                                                          " bytes from " + url);
        f.status = EVO_ERR_PROTOCOL;
        return f;
    }
    default: {
        failure f = make(failure_class::protocol, "HTTP POST " + url + " failed");
        f.status = status;
        return f;
    }
    }
}

} // namespace provider_kit
