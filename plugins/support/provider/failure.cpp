#include "provider_kit/failure.hpp"

#include "provider_kit/retry_after.hpp"
#include "error_words.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

namespace provider_kit {
namespace {

namespace json = boost::json;

using detail::lowercase;
using detail::mentions_any;

bool same_header(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

// The error object of a body, whatever the provider: OpenAI's and Anthropic's {"error": {...}}
// (the object), Ollama's {"error": "..."} (the string), or nullptr.
const json::value* error_of(const json::value& doc) {
    if (!doc.is_object()) return nullptr;
    return doc.as_object().if_contains("error");
}

std::string string_member(const json::value* object, std::string_view key) {
    if (!object || !object->is_object()) return {};
    const json::value* v = object->as_object().if_contains(key);
    if (!v) return {};
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_int64()) return std::to_string(v->as_int64());
    return {};
}

// The error's machine-readable words (type and code), lower case, e.g. "overloaded_error".
std::string error_words(std::string_view body) {
    boost::system::error_code ec;
    json::value doc = json::parse(body, ec);
    if (ec) return {};
    const json::value* error = error_of(doc);
    return lowercase(string_member(error, "type") + " " + string_member(error, "code"));
}

// A numeric error.code some OpenAI-compatible servers send (the HTTP status they mean).
int numeric_code(std::string_view body) {
    boost::system::error_code ec;
    json::value doc = json::parse(body, ec);
    if (ec) return 0;
    const json::value* error = error_of(doc);
    if (!error || !error->is_object()) return 0;
    const json::value* code = error->as_object().if_contains("code");
    if (!code) return 0;
    if (code->is_int64()) return static_cast<int>(code->as_int64());
    if (code->is_string()) {
        std::string_view s = code->as_string();
        if (s.size() == 3 &&
            std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::stoi(std::string(s));
    }
    return 0;
}

bool says_overloaded(std::string_view body) {
    return mentions_any(lowercase(body), {"overloaded", "server busy", "server is busy"});
}

std::string one_line(std::string_view text, std::size_t limit) {
    std::string out;
    for (char c : text.substr(0, limit))
        out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (text.size() > limit) out += "...";
    return out;
}

} // namespace

std::string_view name_of(failure_class kind) noexcept {
    switch (kind) {
    case failure_class::rate_limited:
        return "rate limited";
    case failure_class::quota_exhausted:
        return "quota exhausted";
    case failure_class::overloaded:
        return "overloaded";
    case failure_class::server_error:
        return "server error";
    case failure_class::auth:
        return "authentication failed";
    case failure_class::bad_request:
        return "bad request";
    case failure_class::policy_refusal:
        return "refused by the server's content policy";
    case failure_class::timeout:
        return "timeout";
    case failure_class::protocol:
        return "protocol error";
    case failure_class::cancelled:
        return "cancelled";
    case failure_class::forbidden:
        return "forbidden by the host's network policy";
    }
    return "unknown failure";
}

evo_status status_of(failure_class kind) noexcept {
    switch (kind) {
    case failure_class::rate_limited:
    case failure_class::quota_exhausted:
        return EVO_ERR_RATE_LIMITED;
    case failure_class::overloaded:
    case failure_class::server_error:
        return EVO_ERR_UNAVAILABLE;
    case failure_class::auth:
    case failure_class::bad_request:
    case failure_class::policy_refusal:
        return EVO_ERR_INVALID_ARGUMENT;
    case failure_class::timeout:
        return EVO_ERR_TIMEOUT;
    case failure_class::protocol:
        return EVO_ERR_PROTOCOL;
    case failure_class::cancelled:
        return EVO_ERR_CANCELLED;
    case failure_class::forbidden:
        return EVO_ERR_FORBIDDEN;
    }
    return EVO_ERR_INTERNAL;
}

bool retryable(const failure& f) noexcept {
    if (f.text_streamed) return false;
    switch (f.kind) {
    case failure_class::rate_limited:
    case failure_class::overloaded:
    case failure_class::server_error:
        return true;
    // A connect timeout never reached the server: another try costs nothing. A first-token or
    // idle timeout did (the server took the request and may still be spending tokens on it):
    // asking again likely waits as long again, so the call's time goes to the next provider.
    case failure_class::timeout:
        return f.retry_connect_timeout;
    default:
        return false;
    }
}

bool policy_refused(std::string_view body) {
    std::string text = lowercase(body);
    return mentions_any(text, {"content_filter", "content_policy", "content policy",
                               "content management policy", "safety system", "policy violation",
                               "violates our usage polic", "responsible ai", "blocked by safety"});
}

failure_class classify_http(int status, std::string_view body) {
    if (quota_exhausted(status, body)) return failure_class::quota_exhausted;
    if (status >= 400 && status < 500 && policy_refused(body)) return failure_class::policy_refusal;
    std::string words = error_words(body);
    if (status == 529 || words.find("overloaded") != std::string::npos)
        return failure_class::overloaded;
    if (status == 429) return failure_class::rate_limited;
    if (status == 503 && says_overloaded(body)) return failure_class::overloaded;
    if (status >= 500 && status <= 599 && status != 501) return failure_class::server_error;
    if (status == 401 || status == 403) return failure_class::auth;
    // A 3xx is not followed (the host reports it): the URL is wrong, which no retry fixes.
    if (status >= 300) return failure_class::bad_request;
    return failure_class::protocol; // no error status at all: the answer made no sense
}

failure_class classify_error_object(std::string_view body) {
    if (quota_exhausted(429, body)) return failure_class::quota_exhausted;
    if (policy_refused(body)) return failure_class::policy_refusal;
    std::string words = error_words(body);
    if (words.find("overloaded") != std::string::npos || says_overloaded(body))
        return failure_class::overloaded;
    if (words.find("rate_limit") != std::string::npos) return failure_class::rate_limited;
    if (mentions_any(words, {"authentication", "permission", "invalid_api_key", "unauthorized"}))
        return failure_class::auth;
    if (mentions_any(words, {"invalid_request", "not_found", "model_not_found", "bad_request"}))
        return failure_class::bad_request;
    if (int code = numeric_code(body); code >= 400 && code <= 599) {
        failure_class by_code = classify_http(code, body);
        if (by_code != failure_class::protocol) return by_code;
    }
    return failure_class::server_error;
}

std::string error_message(std::string_view body) {
    boost::system::error_code ec;
    json::value doc = json::parse(body, ec);
    if (!ec) {
        if (const json::value* error = error_of(doc)) {
            if (error->is_string()) return one_line(error->as_string(), 300);
            std::string message = string_member(error, "message");
            if (!message.empty()) return one_line(message, 300);
        }
    }
    return one_line(body, 200);
}

failure make_failure(failure_class kind, std::string message, bool text_streamed) {
    failure f;
    f.kind = kind;
    f.status = status_of(kind);
    f.message = std::move(message);
    f.text_streamed = text_streamed;
    return f;
}

failure http_failure(int status, const std::vector<std::pair<std::string, std::string>>& headers,
                     std::string_view body, std::string_view endpoint, std::string_view detail) {
    failure_class kind = classify_http(status, body);
    std::string message = "HTTP " + std::to_string(status) + " from " + std::string(endpoint);
    if (!detail.empty()) message += ": " + std::string(detail);
    if (kind == failure_class::quota_exhausted)
        message = "quota exhausted: " + message + " (not retried)";
    else if (kind == failure_class::policy_refusal)
        message = "refused by the server's content policy: " + message;
    failure f = make_failure(kind, std::move(message));
    for (const auto& [name, value] : headers)
        if (same_header(name, "Retry-After"))
            f.retry_after = parse_retry_after(value, std::chrono::system_clock::now());
    return f;
}

} // namespace provider_kit
