#include "provider_kit/retry_after.hpp"
#include "provider_kit/retry_policy.hpp"

#include <catch2/catch.hpp>

#include <ctime>

using provider_kit::failure;
using provider_kit::failure_class;
using provider_kit::milliseconds;

namespace {

const provider_kit::retry_settings settings{3, milliseconds(250), milliseconds(8000)};

std::chrono::system_clock::time_point at(std::time_t seconds) {
    return std::chrono::system_clock::from_time_t(seconds);
}

constexpr std::time_t nov_6_1994_08_49_37 = 784111777; // the RFC 9110 example date

failure of(failure_class kind, bool text_streamed = false,
           std::optional<milliseconds> retry_after = std::nullopt) {
    failure f = provider_kit::make_failure(kind, "test");
    f.text_streamed = text_streamed;
    f.retry_after = retry_after;
    return f;
}

} // namespace

TEST_CASE("retry: which failure classes are worth another try", "[provider-kit][retry]") {
    for (auto kind :
         {failure_class::rate_limited, failure_class::overloaded, failure_class::server_error})
        CHECK(provider_kit::retry_delay(settings, 0, of(kind), 0.5));
    for (auto kind :
         {failure_class::quota_exhausted, failure_class::auth, failure_class::bad_request,
          failure_class::policy_refusal, failure_class::timeout, failure_class::protocol,
          failure_class::cancelled, failure_class::forbidden}) {
        INFO(provider_kit::name_of(kind));
        CHECK_FALSE(provider_kit::retry_delay(settings, 0, of(kind), 0.5));
    }
    failure connect = of(failure_class::timeout);
    connect.retry_connect_timeout = true;
    CHECK(provider_kit::retry_delay(settings, 0, connect, 0.5));
}

TEST_CASE("retry: backoff doubles within [half, whole] and never passes the cap",
          "[provider-kit][retry]") {
    provider_kit::retry_settings many = settings;
    many.max_retries = 1000;
    failure failed = of(failure_class::server_error);
    for (int retries : {0, 1, 2, 3, 4, 5, 6, 62, 63, 64, 999}) {
        INFO("after " << retries << " retries");
        milliseconds ceiling = retries >= 5 ? milliseconds(8000) : milliseconds(250 << retries);
        for (double jitter : {0.0, 0.25, 0.5, 0.999999}) {
            auto delay = provider_kit::retry_delay(many, retries, failed, jitter);
            REQUIRE(delay);
            CHECK(*delay >= ceiling / 2);
            CHECK(*delay <= ceiling);
        }
        CHECK(*provider_kit::retry_delay(many, retries, failed, 0.0) == ceiling / 2);
    }
}

TEST_CASE("retry: Retry-After is the minimum wait, capped by retry_max_ms",
          "[provider-kit][retry]") {
    failure failed = of(failure_class::rate_limited, false, milliseconds(3000));
    CHECK(provider_kit::retry_delay(settings, 0, failed, 0.9) == milliseconds(3000));
    failed.retry_after = milliseconds(600000);
    CHECK(provider_kit::retry_delay(settings, 0, failed, 0.9) == milliseconds(8000));
    // A Retry-After shorter than the backoff does not shorten it.
    failed.retry_after = milliseconds(1);
    CHECK(provider_kit::retry_delay(settings, 2, failed, 0.0) == milliseconds(500));
    failed.retry_after = std::nullopt; // no header: plain backoff
    CHECK(provider_kit::retry_delay(settings, 1, failed, 0.0) == milliseconds(250));
    // Any retried class honours it: a 503 may say when to come back too.
    failure overloaded = of(failure_class::overloaded, false, milliseconds(2000));
    CHECK(provider_kit::retry_delay(settings, 0, overloaded, 0.0) == milliseconds(2000));
}

TEST_CASE("retry: never after text reached the caller", "[provider-kit][retry]") {
    for (auto kind :
         {failure_class::rate_limited, failure_class::overloaded, failure_class::server_error}) {
        CHECK_FALSE(provider_kit::retry_delay(settings, 0, of(kind, true, milliseconds(10)), 0.5));
    }
}

TEST_CASE("retry: at most max_retries times", "[provider-kit][retry]") {
    failure failed = of(failure_class::server_error);
    CHECK(provider_kit::retry_delay(settings, 2, failed, 0.5));
    CHECK_FALSE(provider_kit::retry_delay(settings, 3, failed, 0.5));
    provider_kit::retry_settings none = settings;
    none.max_retries = 0;
    CHECK_FALSE(provider_kit::retry_delay(none, 0, failed, 0.5));
}

TEST_CASE("retry-after: delay-seconds", "[provider-kit][retry]") {
    auto now = at(nov_6_1994_08_49_37);
    CHECK(provider_kit::parse_retry_after("120", now) == milliseconds(120000));
    CHECK(provider_kit::parse_retry_after(" 0\t", now) == milliseconds(0));
    CHECK(provider_kit::parse_retry_after("99999999999999999999999", now) >= milliseconds(3600000));
    for (const char* bad : {"", "-1", "1.5", "ten", "5s", "0x10"}) {
        INFO(bad);
        CHECK_FALSE(provider_kit::parse_retry_after(bad, now));
    }
}

TEST_CASE("retry-after: HTTP dates in the three formats HTTP allows", "[provider-kit][retry]") {
    auto now = at(nov_6_1994_08_49_37 - 10);
    CHECK(provider_kit::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) ==
          milliseconds(10000));
    CHECK(provider_kit::parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now) ==
          milliseconds(10000));
    CHECK(provider_kit::parse_retry_after("Sun Nov  6 08:49:37 1994", now) == milliseconds(10000));
}

TEST_CASE("retry-after: a date in the past means now; a bad date means nothing",
          "[provider-kit][retry]") {
    auto later = at(nov_6_1994_08_49_37 + 3600);
    CHECK(provider_kit::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", later) ==
          milliseconds(0));
    CHECK_FALSE(provider_kit::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT trailing", later));
    CHECK_FALSE(provider_kit::parse_retry_after("Sun, 06 Nov 1994", later));
    CHECK_FALSE(provider_kit::parse_retry_after("tomorrow", later));
}
