// Failure classes from the error bodies real servers send (OpenAI, Anthropic, Ollama and
// OpenAI-compatible ones), and what each class means for a retry and the call's status.
#include "provider_kit/failure.hpp"

#include <catch2/catch.hpp>

using provider_kit::classify_error_object;
using provider_kit::classify_http;
using provider_kit::failure_class;

TEST_CASE("classify: OpenAI's error answers", "[provider-kit][classify]") {
    CHECK(
        classify_http(
            429,
            R"({"error": {"message": "Rate limit reached for gpt-4 in organization org-x on tokens per min (TPM): Limit 10000, Used 9000, Requested 2000. Please try again in 6s.", "type": "tokens", "param": null, "code": "rate_limit_exceeded"}})") ==
        failure_class::rate_limited);
    CHECK(
        classify_http(
            429,
            R"({"error": {"message": "You exceeded your current quota, please check your plan and billing details.", "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}})") ==
        failure_class::quota_exhausted);
    CHECK(
        classify_http(
            401,
            R"({"error": {"message": "Incorrect API key provided: sk-abc. You can find your API key at https://platform.openai.com/account/api-keys.", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}})") ==
        failure_class::auth);
    CHECK(
        classify_http(
            403,
            R"({"error": {"message": "Project does not have access to model gpt-4o", "type": "invalid_request_error", "code": "model_not_found"}})") ==
        failure_class::auth);
    CHECK(
        classify_http(
            404,
            R"({"error": {"message": "The model `gpt-5` does not exist or you do not have access to it.", "type": "invalid_request_error", "param": null, "code": "model_not_found"}})") ==
        failure_class::bad_request);
    CHECK(
        classify_http(
            400,
            R"({"error": {"message": "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}})") ==
        failure_class::bad_request);
    CHECK(
        classify_http(
            400,
            R"({"error": {"message": "Your request was rejected as a result of our safety system.", "type": "invalid_request_error", "param": null, "code": "content_policy_violation"}})") ==
        failure_class::policy_refusal);
    CHECK(
        classify_http(
            500,
            R"({"error": {"message": "The server had an error while processing your request. Sorry about that!", "type": "server_error", "param": null, "code": null}})") ==
        failure_class::server_error);
    CHECK(
        classify_http(
            503,
            R"({"error": {"message": "The engine is currently overloaded, please try again later", "type": "server_error", "param": null, "code": null}})") ==
        failure_class::overloaded);
    CHECK(classify_http(502, "<html><body><h1>502 Bad Gateway</h1></body></html>") ==
          failure_class::server_error);
}

TEST_CASE("classify: Azure's content filter is a policy refusal", "[provider-kit][classify]") {
    CHECK(
        classify_http(
            400,
            R"({"error": {"message": "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", "type": null, "param": "prompt", "code": "content_filter", "status": 400}})") ==
        failure_class::policy_refusal);
}

TEST_CASE("classify: Anthropic's error answers", "[provider-kit][classify]") {
    CHECK(
        classify_http(
            529,
            R"({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})") ==
        failure_class::overloaded);
    CHECK(
        classify_http(
            429,
            R"({"type": "error", "error": {"type": "rate_limit_error", "message": "Number of request tokens has exceeded your per-minute rate limit (https://docs.anthropic.com/en/api/rate-limits); see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase."}})") ==
        failure_class::rate_limited);
    CHECK(
        classify_http(
            400,
            R"({"type": "error", "error": {"type": "invalid_request_error", "message": "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."}})") ==
        failure_class::quota_exhausted);
    CHECK(
        classify_http(
            401,
            R"({"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}})") ==
        failure_class::auth);
    CHECK(
        classify_http(
            403,
            R"({"type": "error", "error": {"type": "permission_error", "message": "Your API key does not have permission to use the specified resource."}})") ==
        failure_class::auth);
    CHECK(
        classify_http(
            404,
            R"({"type": "error", "error": {"type": "not_found_error", "message": "model: claude-9"}})") ==
        failure_class::bad_request);
    CHECK(
        classify_http(
            400,
            R"({"type": "error", "error": {"type": "invalid_request_error", "message": "max_tokens: Field required"}})") ==
        failure_class::bad_request);
    CHECK(
        classify_http(
            413,
            R"({"type": "error", "error": {"type": "request_too_large", "message": "Request exceeds the maximum allowed number of bytes."}})") ==
        failure_class::bad_request);
    CHECK(
        classify_http(
            500,
            R"({"type": "error", "error": {"type": "api_error", "message": "Internal server error"}})") ==
        failure_class::server_error);
}

TEST_CASE("classify: Ollama's error answers", "[provider-kit][classify]") {
    CHECK(classify_http(404, R"({"error": "model \"llama9\" not found, try pulling it first"})") ==
          failure_class::bad_request);
    CHECK(
        classify_http(500, R"({"error": "llama runner process has terminated: signal: killed"})") ==
        failure_class::server_error);
    CHECK(
        classify_http(
            503,
            R"({"error": "server busy, please try again.  maximum pending requests exceeded"})") ==
        failure_class::overloaded);
    CHECK(classify_http(400, R"({"error": "invalid options: num_ctxx"})") ==
          failure_class::bad_request);
}

TEST_CASE("classify: statuses without a telling body", "[provider-kit][classify]") {
    CHECK(classify_http(429, "") == failure_class::rate_limited);
    CHECK(classify_http(529, "") == failure_class::overloaded);
    for (int status : {500, 502, 503, 504, 599})
        CHECK(classify_http(status, "") == failure_class::server_error);
    for (int status : {400, 404, 409, 422, 501, 301})
        CHECK(classify_http(status, "") == failure_class::bad_request);
    for (int status : {401, 403})
        CHECK(classify_http(status, "") == failure_class::auth);
    CHECK(
        classify_http(
            402,
            R"({"error": {"code": 402, "message": "Insufficient credits. Add more using https://openrouter.ai/credits"}})") ==
        failure_class::quota_exhausted);
}

TEST_CASE("classify: error objects inside a 200 answer or a stream", "[provider-kit][classify]") {
    // Anthropic's mid-stream error event.
    CHECK(
        classify_error_object(
            R"({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})") ==
        failure_class::overloaded);
    CHECK(
        classify_error_object(
            R"({"type": "error", "error": {"type": "api_error", "message": "Internal server error"}})") ==
        failure_class::server_error);
    // OpenAI-compatible servers: a numeric code, a type, or only words.
    CHECK(classify_error_object(
              R"({"error": {"message": "scripted", "type": "fake_llm", "code": 500}})") ==
          failure_class::server_error);
    CHECK(classify_error_object(
              R"({"error": {"message": "The server is overloaded", "type": "x", "code": 500}})") ==
          failure_class::overloaded);
    CHECK(classify_error_object(R"({"error": {"message": "slow down", "code": 429}})") ==
          failure_class::rate_limited);
    CHECK(
        classify_error_object(
            R"({"error": {"message": "You exceeded your current quota", "code": "insufficient_quota"}})") ==
        failure_class::quota_exhausted);
    CHECK(classify_error_object(
              R"({"error": {"message": "bad key", "type": "authentication_error"}})") ==
          failure_class::auth);
    CHECK(
        classify_error_object(
            R"({"error": {"message": "Output blocked by content filtering policy", "code": "content_filter"}})") ==
        failure_class::policy_refusal);
    // Ollama's mid-stream error.
    CHECK(classify_error_object(
              R"({"error": "an error was encountered while running the model: unexpected EOF"})") ==
          failure_class::server_error);
}

TEST_CASE("classify: each class's status and whether it is retried", "[provider-kit][classify]") {
    using provider_kit::status_of;
    CHECK(status_of(failure_class::rate_limited) == EVO_ERR_RATE_LIMITED);
    CHECK(status_of(failure_class::quota_exhausted) == EVO_ERR_RATE_LIMITED);
    CHECK(status_of(failure_class::overloaded) == EVO_ERR_UNAVAILABLE);
    CHECK(status_of(failure_class::server_error) == EVO_ERR_UNAVAILABLE);
    CHECK(status_of(failure_class::auth) == EVO_ERR_INVALID_ARGUMENT);
    CHECK(status_of(failure_class::bad_request) == EVO_ERR_INVALID_ARGUMENT);
    CHECK(status_of(failure_class::policy_refusal) == EVO_ERR_INVALID_ARGUMENT);
    CHECK(status_of(failure_class::timeout) == EVO_ERR_TIMEOUT);
    CHECK(status_of(failure_class::protocol) == EVO_ERR_PROTOCOL);
    CHECK(status_of(failure_class::cancelled) == EVO_ERR_CANCELLED);
    CHECK(status_of(failure_class::forbidden) == EVO_ERR_FORBIDDEN);
    CHECK(provider_kit::name_of(failure_class::quota_exhausted) == "quota exhausted");
    auto f = provider_kit::make_failure(failure_class::overloaded, "x");
    CHECK(provider_kit::retryable(f));
    f.text_streamed = true;
    CHECK_FALSE(provider_kit::retryable(f));
}

TEST_CASE("http_failure: message, class and Retry-After from the answer",
          "[provider-kit][classify]") {
    auto f = provider_kit::http_failure(
        429,
        {{"content-type", "application/json"}, {"retry-after", "Sat, 06 Nov 2094 08:49:37 GMT"}},
        R"({"error": {"message": "slow down"}})", "http://h/v1", "slow down");
    CHECK(f.kind == failure_class::rate_limited);
    CHECK(f.status == EVO_ERR_RATE_LIMITED);
    CHECK(f.message == "HTTP 429 from http://h/v1: slow down");
    REQUIRE(f.retry_after);
    CHECK(*f.retry_after > std::chrono::hours(24 * 365));
    auto quota = provider_kit::http_failure(
        429, {}, R"({"error": {"code": "insufficient_quota", "message": "no"}})", "http://h/v1",
        "no");
    CHECK(quota.kind == failure_class::quota_exhausted);
    CHECK(quota.message == "quota exhausted: HTTP 429 from http://h/v1: no (not retried)");
    CHECK(provider_kit::error_message(
              R"({"type":"error","error":{"type":"x","message":"Overloaded"}})") == "Overloaded");
    CHECK(provider_kit::error_message(R"({"error":"model not found"})") == "model not found");
    CHECK(provider_kit::error_message("plain\ntext") == "plain text");
}
