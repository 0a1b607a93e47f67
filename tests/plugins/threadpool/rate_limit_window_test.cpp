#include "rate_limit_window.hpp"

#include <catch2/catch.hpp>

#include <vector>

using threadpool::rate_limit_window;

namespace {

// The window's size after each status, in order.
std::vector<unsigned> sizes_after(rate_limit_window& window,
                                  const std::vector<evo_status>& statuses) {
    std::vector<unsigned> sizes;
    for (evo_status status : statuses) {
        window.record(status);
        sizes.push_back(window.size());
    }
    return sizes;
}

constexpr evo_status ok = EVO_OK;
constexpr evo_status limited = EVO_ERR_RATE_LIMITED;

} // namespace

TEST_CASE("the rate limit window starts at its ceiling and halves on each 429",
          "[scheduler][rate-limit]") {
    rate_limit_window window(8);
    CHECK(window.size() == 8);
    CHECK(sizes_after(window, {limited, limited, limited, limited, limited}) ==
          std::vector<unsigned>{4, 2, 1, 1, 1});
}

TEST_CASE("the rate limit window widens by one per window's worth of successes",
          "[scheduler][rate-limit]") {
    rate_limit_window window(4);
    window.record(limited);
    window.record(limited);
    REQUIRE(window.size() == 1);
    // 1 success to reach 2, 2 more to reach 3, 3 more to reach 4, then it stays at the ceiling.
    CHECK(sizes_after(window, {ok, ok, ok, ok, ok, ok, ok, ok}) ==
          std::vector<unsigned>{2, 2, 3, 3, 3, 4, 4, 4});
}

TEST_CASE("a 429 restarts the count of successes", "[scheduler][rate-limit]") {
    rate_limit_window window(8);
    window.record(limited); // 4
    CHECK(sizes_after(window, {ok, ok, ok, limited, ok, ok, ok, ok}) ==
          std::vector<unsigned>{4, 4, 4, 2, 2, 3, 3, 3});
}

TEST_CASE("other outcomes say nothing about the rate limit", "[scheduler][rate-limit]") {
    rate_limit_window window(4);
    window.record(limited); // 2
    CHECK(sizes_after(window, {EVO_ERR_UNAVAILABLE, EVO_ERR_CANCELLED, EVO_ERR_INTERNAL,
                               EVO_ERR_PROTOCOL}) == std::vector<unsigned>{2, 2, 2, 2});
    CHECK(sizes_after(window, {ok, ok}) == std::vector<unsigned>{2, 3});
}

TEST_CASE("record says what changed, and only when something did", "[scheduler][rate-limit]") {
    rate_limit_window window(3);
    CHECK_FALSE(window.record(ok)); // already at the ceiling
    auto down = window.record(limited);
    REQUIRE(down);
    CHECK(down->from == 3);
    CHECK(down->to == 1);
    CHECK_FALSE(window.record(limited)); // never below one
    auto up = window.record(ok);
    REQUIRE(up);
    CHECK(up->from == 1);
    CHECK(up->to == 2);
}

TEST_CASE("a window of no workers is one", "[scheduler][rate-limit]") {
    rate_limit_window window(0);
    CHECK(window.ceiling() == 1);
    CHECK(window.size() == 1);
}
