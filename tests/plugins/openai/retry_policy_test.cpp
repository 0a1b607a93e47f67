#include "retry_policy.hpp"

#include <catch2/catch.hpp>

#include <ctime>

using openai::failed_attempt;
using openai::failure_kind;
using openai::milliseconds;

namespace {

const openai::retry_settings settings{3, milliseconds(250), milliseconds(8000)};

std::chrono::system_clock::time_point at(std::time_t seconds) {
    return std::chrono::system_clock::from_time_t(seconds);
}

constexpr std::time_t nov_6_1994_08_49_37 = 784111777; // the RFC 9110 example date

} // namespace

TEST_CASE("retry: which HTTP statuses are worth another try", "[openai][retry]") {
    CHECK(openai::classify_http_status(429) == failure_kind::rate_limited);
    for (int status : {500, 502, 503, 504, 599})
        CHECK(openai::classify_http_status(status) == failure_kind::transient);
    for (int status : {200, 301, 400, 401, 403, 404, 422, 501})
        CHECK(openai::classify_http_status(status) == failure_kind::final);
}

TEST_CASE("retry: backoff doubles within [half, whole] and never passes the cap",
          "[openai][retry]") {
    openai::retry_settings many = settings;
    many.max_retries = 1000;
    failed_attempt failure{failure_kind::transient, false, std::nullopt};
    for (int retries : {0, 1, 2, 3, 4, 5, 6, 62, 63, 64, 999}) {
        INFO("after " << retries << " retries");
        milliseconds ceiling = retries >= 5 ? milliseconds(8000) : milliseconds(250 << retries);
        for (double jitter : {0.0, 0.25, 0.5, 0.999999}) {
            auto delay = openai::retry_delay(many, retries, failure, jitter);
            REQUIRE(delay);
            CHECK(*delay >= ceiling / 2);
            CHECK(*delay <= ceiling);
        }
        CHECK(*openai::retry_delay(many, retries, failure, 0.0) == ceiling / 2);
    }
}

TEST_CASE("retry: a 429's Retry-After is honoured, up to the cap", "[openai][retry]") {
    failed_attempt failure{failure_kind::rate_limited, false, milliseconds(3000)};
    CHECK(openai::retry_delay(settings, 0, failure, 0.9) == milliseconds(3000));
    failure.retry_after = milliseconds(600000);
    CHECK(openai::retry_delay(settings, 0, failure, 0.9) == milliseconds(8000));
    failure.retry_after = std::nullopt; // no header: plain backoff
    CHECK(openai::retry_delay(settings, 1, failure, 0.0) == milliseconds(250));
}

TEST_CASE("retry: never after text reached the caller", "[openai][retry]") {
    for (auto kind : {failure_kind::rate_limited, failure_kind::transient}) {
        failed_attempt failure{kind, true, milliseconds(10)};
        CHECK_FALSE(openai::retry_delay(settings, 0, failure, 0.5));
    }
}

TEST_CASE("retry: never for final failures, and at most max_retries times", "[openai][retry]") {
    CHECK_FALSE(openai::retry_delay(settings, 0, {failure_kind::final, false, std::nullopt}, 0.5));
    failed_attempt failure{failure_kind::transient, false, std::nullopt};
    CHECK(openai::retry_delay(settings, 2, failure, 0.5));
    CHECK_FALSE(openai::retry_delay(settings, 3, failure, 0.5));
    openai::retry_settings none = settings;
    none.max_retries = 0;
    CHECK_FALSE(openai::retry_delay(none, 0, failure, 0.5));
}

TEST_CASE("retry-after: delay-seconds", "[openai][retry]") {
    auto now = at(nov_6_1994_08_49_37);
    CHECK(openai::parse_retry_after("120", now) == milliseconds(120000));
    CHECK(openai::parse_retry_after(" 0\t", now) == milliseconds(0));
    CHECK(openai::parse_retry_after("99999999999999999999999", now) >= milliseconds(3600000));
    for (const char* bad : {"", "-1", "1.5", "ten", "5s", "0x10"}) {
        INFO(bad);
        CHECK_FALSE(openai::parse_retry_after(bad, now));
    }
}

TEST_CASE("retry-after: HTTP dates in the three formats HTTP allows", "[openai][retry]") {
    auto now = at(nov_6_1994_08_49_37 - 10);
    CHECK(openai::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == milliseconds(10000));
    CHECK(openai::parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now) == milliseconds(10000));
    CHECK(openai::parse_retry_after("Sun Nov  6 08:49:37 1994", now) == milliseconds(10000));
}

TEST_CASE("retry-after: a date in the past means now; a bad date means nothing",
          "[openai][retry]") {
    auto later = at(nov_6_1994_08_49_37 + 3600);
    CHECK(openai::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", later) == milliseconds(0));
    CHECK_FALSE(openai::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT trailing", later));
    CHECK_FALSE(openai::parse_retry_after("Sun, 06 Nov 1994", later));
    CHECK_FALSE(openai::parse_retry_after("tomorrow", later));
}
