#include <evo/bench/bench.hpp>

#include <catch2/catch.hpp>

TEST_CASE("summarize gives median, median absolute deviation and range", "[bench]") {
    const auto odd = evo::bench::summarize({5, 1, 4, 100, 3});
    CHECK(odd.median == 4);
    CHECK(odd.mad == 1); // deviations 1 3 0 96 1
    CHECK(odd.min == 1);
    CHECK(odd.max == 100);
    CHECK(odd.samples == std::vector<double>{5, 1, 4, 100, 3});

    const auto even = evo::bench::summarize({2, 8, 4, 6});
    CHECK(even.median == 5);
    CHECK(even.mad == 2); // deviations 3 3 1 1

    const auto one = evo::bench::summarize({7});
    CHECK(one.median == 7);
    CHECK(one.mad == 0);
}
