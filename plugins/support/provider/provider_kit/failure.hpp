// What went wrong with one attempt at a completion, sorted into the classes a retry policy
// needs: which failures another try may fix, and which ones it cannot.
#pragma once

#include <evo/plugin.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace provider_kit {

enum class failure_class {
    rate_limited,    // 429 that is not a quota: wait (Retry-After) and retry
    quota_exhausted, // billing/quota used up (429/403/400 whose body says so): never retried
    overloaded,      // 529, Anthropic overloaded_error, 503 saying "overloaded": retried
    server_error,    // other 5xx (not 501), refused/reset connection, a stream cut short
                     // before any text, an error object inside a 2xx body: retried
    auth,            // 401, 403 (not quota): never retried
    bad_request,     // other 4xx, 501, model not found: never retried
    policy_refusal,  // the server refused the content (content_filter, safety, policy
                     // violation; HTTP 400/403 bodies or a stop reason saying so): never
    timeout,         // one of the four limits; connect timeouts are retried, others not
    protocol,        // a malformed answer: never retried
    cancelled,       // the host asked to stop
    forbidden        // the host's network policy refused the address: never
};

struct failure {
    failure_class kind = failure_class::protocol;
    evo_status status = EVO_ERR_INTERNAL; // what the call fails with if this is the last
    std::string message;                  // one line, names endpoint and what happened
    bool text_streamed = false;           // some text already reached the caller: never retried
    bool retry_connect_timeout = false;   // (timeout) it was the connect limit: retried
    std::optional<std::chrono::milliseconds> retry_after; // server's Retry-After
};

// "rate limited", "quota exhausted", "overloaded", "server error", "authentication failed",
// "bad request", "refused by the server's content policy", "timeout", "protocol error",
// "cancelled", "forbidden by the host's network policy".
std::string_view name_of(failure_class kind) noexcept;

// rate_limited/quota -> EVO_ERR_RATE_LIMITED, overloaded/server_error -> UNAVAILABLE,
// auth/bad_request/policy_refusal -> INVALID_ARGUMENT, timeout -> TIMEOUT, protocol ->
// PROTOCOL, cancelled -> CANCELLED, forbidden -> FORBIDDEN.
evo_status status_of(failure_class kind) noexcept;

// Whether another attempt may succeed. Never once text reached the caller: it would see the
// start of the answer twice.
bool retryable(const failure& f) noexcept;

// Classifies an HTTP error answer by its status and body (any provider's error JSON:
// OpenAI {"error":{"code","type","message"}}, Anthropic {"type":"error","error":{"type",
// "message"}}, Ollama {"error":"..."}).
failure_class classify_http(int status, std::string_view body);

// Classifies an error object that arrived inside a 2xx answer or in the middle of a stream
// (the body or event data, e.g. {"error":{"type":"overloaded_error",...}}): as classify_http
// would with the status the error's type or code implies; server_error when it says nothing.
failure_class classify_error_object(std::string_view body);

// True for an answer whose body says the quota or billing is used up (429, 403, 400 or 402):
// OpenAI's "insufficient_quota", Anthropic's "credit balance is too low", "billing" and
// words to that effect. A 429 about a per-minute rate limit is not: waiting fixes that.
bool quota_exhausted(int http_status, std::string_view body);

// True for a body saying the server refused the content on policy grounds (content_filter,
// content policy, safety system, policy violation).
bool policy_refused(std::string_view body);

// The server's own message in an error body (OpenAI's or Anthropic's error.message, Ollama's
// error string), else the start of the body on one line; empty for an empty body.
std::string error_message(std::string_view body);

// Builds the failure for an HTTP error answer: class, status, message "HTTP 429 from URL:
// DETAIL" (with " (not retried)" for a quota), Retry-After (seconds or HTTP date) from the
// headers.
failure http_failure(int status, const std::vector<std::pair<std::string, std::string>>& headers,
                     std::string_view body, std::string_view endpoint, std::string_view detail);

// A failure of class `kind` with its status and message.
failure make_failure(failure_class kind, std::string message, bool text_streamed = false);

} // namespace provider_kit
