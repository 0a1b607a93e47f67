// The retry loop: retries what the policy allows, says so in a WARN, gives up with the count.
#include "test_host.hpp"

#include "provider_kit/retry_loop.hpp"

#include <catch2/catch.hpp>

using provider_kit::attempt_result;
using provider_kit::failure_class;
using std::chrono::milliseconds;

namespace {

const provider_kit::retry_settings quick{3, milliseconds(1), milliseconds(2)};

attempt_result failing(failure_class kind, std::string message) {
    attempt_result r;
    r.failed = provider_kit::make_failure(kind, std::move(message));
    return r;
}

attempt_result answered(std::string model) {
    attempt_result r;
    r.completion = evo::completion{};
    r.completion->model = std::move(model);
    return r;
}

} // namespace

TEST_CASE("retry loop: retried failures, then the answer", "[provider-kit][retry-loop]") {
    provider_kit_test::test_host host;
    provider_kit::call_budget budget(evo::call(host.call()), milliseconds(60000));
    std::vector<int> seen;
    auto done = provider_kit::complete_with_retries(host.services(), budget, quick, [&](int n) {
        seen.push_back(n);
        return n < 3 ? failing(failure_class::overloaded, "HTTP 529 from u: Overloaded")
                     : answered("m");
    });
    CHECK(done.model == "m");
    CHECK(seen == std::vector<int>{1, 2, 3});
    auto warnings = host.warnings();
    REQUIRE(warnings.size() == 2);
    CHECK_THAT(warnings[0], Catch::StartsWith("HTTP 529 from u: Overloaded; retry 1 of 3 in "));
    CHECK_THAT(warnings[1], Catch::StartsWith("HTTP 529 from u: Overloaded; retry 2 of 3 in "));
}

TEST_CASE("retry loop: gives up with the attempts counted", "[provider-kit][retry-loop]") {
    provider_kit_test::test_host host;
    provider_kit::call_budget budget(evo::call(host.call()), milliseconds(60000));
    int attempts = 0;
    try {
        provider_kit::complete_with_retries(host.services(), budget, quick, [&](int) {
            ++attempts;
            return failing(failure_class::server_error, "HTTP 500 from u: boom");
        });
        FAIL("no error");
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_UNAVAILABLE);
        CHECK(std::string(e.what()) == "HTTP 500 from u: boom (4 attempts)");
    }
    CHECK(attempts == 4);
}

TEST_CASE("retry loop: what is never retried fails at once", "[provider-kit][retry-loop]") {
    provider_kit_test::test_host host;
    provider_kit::call_budget budget(evo::call(host.call()), milliseconds(60000));
    auto kind =
        GENERATE(failure_class::quota_exhausted, failure_class::auth, failure_class::bad_request,
                 failure_class::policy_refusal, failure_class::protocol, failure_class::timeout);
    int attempts = 0;
    try {
        provider_kit::complete_with_retries(host.services(), budget, quick, [&](int) {
            ++attempts;
            return failing(kind, "why");
        });
        FAIL("no error");
    } catch (const evo::error& e) {
        CHECK(e.status() == provider_kit::status_of(kind));
        CHECK(std::string(e.what()) == "why");
    }
    CHECK(attempts == 1);
    CHECK(host.warnings().empty());
}

TEST_CASE("retry loop: no wait past the budget", "[provider-kit][retry-loop]") {
    provider_kit_test::test_host host;
    provider_kit::call_budget budget(evo::call(host.call()), milliseconds(60000));
    provider_kit::retry_settings patient{3, milliseconds(250), milliseconds(3600000)};
    try {
        provider_kit::complete_with_retries(host.services(), budget, patient, [&](int) {
            auto r = failing(failure_class::rate_limited, "HTTP 429 from u: wait");
            r.failed.retry_after = milliseconds(600000);
            return r;
        });
        FAIL("no error");
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_RATE_LIMITED);
        CHECK(std::string(e.what()) == "HTTP 429 from u: wait; no time left to retry");
    }
}

TEST_CASE("retry loop: the caller's stop passes through", "[provider-kit][retry-loop]") {
    provider_kit_test::test_host host;
    provider_kit::call_budget budget(evo::call(host.call()), milliseconds(60000));
    int attempts = 0;
    try {
        provider_kit::complete_with_retries(
            host.services(), budget, quick, [&](int) -> attempt_result {
                ++attempts;
                throw evo::error(EVO_ERR_STOPPED, "the host stopped the stream");
            });
        FAIL("no error");
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_STOPPED);
    }
    CHECK(attempts == 1);
}
