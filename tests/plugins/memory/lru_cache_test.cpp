#include "lru_cache.hpp"

#include <catch2/catch.hpp>

#include <thread>
#include <vector>

using memory_cache::limits;
using memory_cache::lru_cache;
using namespace std::chrono_literals;

namespace {

limits budget(std::uint64_t max_bytes, std::uint64_t max_entries, std::chrono::seconds ttl = 0s) {
    return limits{max_bytes, max_entries, ttl};
}

// A clock the test moves by hand.
struct manual_clock {
    lru_cache::clock::time_point now{};
    lru_cache::clock_fn fn() {
        return [this] { return now; };
    }
};

} // namespace

TEST_CASE("a stored value comes back and a missing key misses", "[memory-cache]") {
    lru_cache cache(budget(1024, 10));
    cache.put("greeting", "hello", 0s);

    CHECK(cache.get("greeting") == "hello");
    CHECK_FALSE(cache.get("absent"));
    auto stats = cache.stats();
    CHECK(stats.hits == 1);
    CHECK(stats.misses == 1);
    CHECK(stats.entries == 1);
    CHECK(stats.bytes == std::string("greeting").size() + std::string("hello").size());
    CHECK(stats.evictions == 0);
}

TEST_CASE("the least recently used entry is evicted first", "[memory-cache]") {
    lru_cache cache(budget(1024, 3));
    cache.put("a", "1", 0s);
    cache.put("b", "2", 0s);
    cache.put("c", "3", 0s);
    REQUIRE(cache.get("a")); // a is now the most recently used; b the least

    cache.put("d", "4", 0s);

    CHECK_FALSE(cache.get("b"));
    CHECK(cache.get("a") == "1");
    CHECK(cache.get("c") == "3");
    CHECK(cache.get("d") == "4");
    CHECK(cache.stats().entries == 3);
    CHECK(cache.stats().evictions == 1);
}

TEST_CASE("the byte budget evicts as many entries as needed", "[memory-cache]") {
    lru_cache cache(budget(30, 100)); // keys plus values
    cache.put("k1", "12345678", 0s);  // 10 bytes
    cache.put("k2", "12345678", 0s);
    cache.put("k3", "12345678", 0s);
    REQUIRE(cache.stats().bytes == 30);

    cache.put("k4", std::string(18, 'x'), 0s); // 20 bytes: k1 and k2 must go

    CHECK_FALSE(cache.get("k1"));
    CHECK_FALSE(cache.get("k2"));
    CHECK(cache.get("k3"));
    CHECK(cache.get("k4") == std::string(18, 'x'));
    CHECK(cache.stats().bytes == 30);
    CHECK(cache.stats().evictions == 2);
}

TEST_CASE("replacing a value updates the bytes it counts", "[memory-cache]") {
    lru_cache cache(budget(1024, 10));
    cache.put("k", "long value", 0s);
    cache.put("k", "v", 0s);

    CHECK(cache.get("k") == "v");
    CHECK(cache.stats().entries == 1);
    CHECK(cache.stats().bytes == 2);
}

TEST_CASE("a value larger than the budget is not stored", "[memory-cache]") {
    lru_cache cache(budget(10, 10));
    cache.put("small", "12345", 0s); // exactly 10 bytes: fits

    SECTION("and evicts nothing") {
        cache.put("big", "12345678", 0s); // 11 bytes
        CHECK_FALSE(cache.get("big"));
        CHECK(cache.get("small") == "12345");
        CHECK(cache.stats().evictions == 0);
    }
    SECTION("and drops the value it would have replaced") {
        cache.put("small", "123456", 0s);
        CHECK_FALSE(cache.get("small"));
        CHECK(cache.stats().entries == 0);
        CHECK(cache.stats().bytes == 0);
    }
}

TEST_CASE("entries expire after their time to live", "[memory-cache]") {
    manual_clock clock;
    lru_cache cache(budget(1024, 10, 60s), clock.fn());
    cache.put("default", "d", 0s);
    cache.put("short", "s", 5s);

    clock.now += 4s;
    CHECK(cache.get("short") == "s");
    clock.now += 1s;
    CHECK_FALSE(cache.get("short"));
    CHECK(cache.stats().entries == 1); // the expired entry is gone, not just hidden

    clock.now += 54s;
    CHECK(cache.get("default") == "d");
    clock.now += 1s;
    CHECK_FALSE(cache.get("default"));
    CHECK(cache.stats().entries == 0);
    CHECK(cache.stats().bytes == 0);
    CHECK(cache.stats().misses == 2);

    SECTION("storing again restarts the clock") {
        cache.put("again", "1", 10s);
        clock.now += 9s;
        cache.put("again", "2", 10s);
        clock.now += 9s;
        CHECK(cache.get("again") == "2");
    }
}

TEST_CASE("a default time to live of zero keeps entries forever", "[memory-cache]") {
    manual_clock clock;
    lru_cache cache(budget(1024, 10, 0s), clock.fn());
    cache.put("k", "v", 0s);
    clock.now += std::chrono::hours(24 * 365 * 10);
    CHECK(cache.get("k") == "v");
}

TEST_CASE("erase removes a key and says whether it was there", "[memory-cache]") {
    lru_cache cache(budget(1024, 10));
    cache.put("k", "v", 0s);

    CHECK(cache.erase("k"));
    CHECK_FALSE(cache.erase("k"));
    CHECK_FALSE(cache.get("k"));
    CHECK(cache.stats().entries == 0);
    CHECK(cache.stats().bytes == 0);
}

TEST_CASE("concurrent puts and gets keep values and budgets consistent", "[memory-cache]") {
    constexpr std::uint64_t max_bytes = 600;
    constexpr std::uint64_t max_entries = 40;
    lru_cache cache(budget(max_bytes, max_entries));
    constexpr int threads = 4;
    constexpr int operations = 3000;
    std::atomic<int> wrong_values{0};
    std::atomic<int> gets{0};
    {
        std::vector<std::jthread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                for (int i = 0; i < operations; ++i) {
                    std::string key = "key-" + std::to_string((i * 7 + t * 13) % 97);
                    if (i % 3 == 0) {
                        cache.put(key, key + "=value", 0s);
                    } else if (i % 11 == 0) {
                        cache.erase(key);
                    } else {
                        ++gets;
                        auto value = cache.get(key);
                        if (value && *value != key + "=value") ++wrong_values;
                    }
                }
            });
        }
    }
    auto stats = cache.stats();
    CHECK(wrong_values.load() == 0);
    CHECK(stats.hits + stats.misses == static_cast<std::uint64_t>(gets.load()));
    CHECK(stats.bytes <= max_bytes);
    CHECK(stats.entries <= max_entries);
    CHECK(stats.evictions > 0);
}
