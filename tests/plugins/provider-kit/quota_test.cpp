#include "provider_kit/failure.hpp"

#include <catch2/catch.hpp>

using provider_kit::quota_exhausted;

namespace {

// OpenAI's answer once an account's quota is used up.
const char* openai_quota_body =
    R"({"error": {"message": "You exceeded your current quota, please check your plan and )"
    R"(billing details.", "type": "insufficient_quota", "param": null, )"
    R"("code": "insufficient_quota"}})";

} // namespace

TEST_CASE("quota: OpenAI's insufficient_quota, as code or as type", "[provider-kit][quota]") {
    CHECK(quota_exhausted(429, openai_quota_body));
    CHECK(quota_exhausted(429, R"({"error": {"message": "no", "code": "insufficient_quota"}})"));
    CHECK(quota_exhausted(429, R"({"error": {"message": "no", "type": "insufficient_quota"}})"));
    CHECK(quota_exhausted(403, R"({"error": {"message": "x", "code": "billing_not_active"}})"));
}

TEST_CASE("quota: words that say the quota or billing is exhausted", "[provider-kit][quota]") {
    CHECK(quota_exhausted(429, "Quota exceeded for this project."));
    CHECK(quota_exhausted(403, R"({"error": "monthly quota exhausted"})"));
    CHECK(quota_exhausted(403, "Your credit balance is too low to access the API."));
    CHECK(quota_exhausted(429, "insufficient_quota"));
    CHECK(quota_exhausted(403, "Billing hard limit has been reached"));
}

TEST_CASE("quota: a rate limit is not an exhausted quota, whatever it links to",
          "[provider-kit][quota]") {
    CHECK_FALSE(quota_exhausted(429, R"({"error": {"message": "Rate limit reached for gpt-4 on )"
                                     R"(tokens per min. Please try again in 6s.", )"
                                     R"("type": "requests", "code": "rate_limit_exceeded"}})"));
    CHECK_FALSE(quota_exhausted(429, "Rate limit reached. Add a payment method at "
                                     "https://platform.openai.com/account/billing."));
    CHECK_FALSE(quota_exhausted(429, "Quota exceeded for requests per minute."));
    CHECK_FALSE(quota_exhausted(429, R"({"error": {"message": "scripted status 429"}})"));
    CHECK_FALSE(quota_exhausted(429, ""));
}

TEST_CASE("quota: only a 429, 403, 400 or 402 can say so", "[provider-kit][quota]") {
    for (int status : {200, 401, 404, 500, 503})
        CHECK_FALSE(quota_exhausted(status, openai_quota_body));
}
