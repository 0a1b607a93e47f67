#include "sharded_lru.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using memory_cache::limits;
using memory_cache::lru_cache;
using memory_cache::sharded_lru;
using namespace std::chrono_literals;

TEST_CASE("each shard holds its share of the entry budget and stats sum", "[memory-cache]") {
    // 4 shards of 2 entries each.
    sharded_lru cache(limits{1 << 20, 8, 0s}, 4);
    REQUIRE(cache.shard_count() == 4);

    std::map<std::size_t, int> per_shard;
    for (int i = 0; i < 64; ++i) {
        std::string key = "key" + std::to_string(i);
        cache.put(key, "v", 0s);
        ++per_shard[cache.shard_of(key)];
    }
    REQUIRE(per_shard.size() == 4); // 64 keys reach every shard

    auto stats = cache.stats();
    CHECK(stats.entries == 8); // every shard full at 2, none above
    CHECK(stats.evictions == 64 - 8);
    // Each entry is "keyN" or "keyNN" plus "v": 5 or 6 bytes.
    CHECK(stats.bytes >= 8 * 5);
    CHECK(stats.bytes <= 8 * 6);
}

TEST_CASE("a shard's byte budget is a share of the whole", "[memory-cache]") {
    // 2 shards of 10 bytes: a 12-byte entry fits the whole budget but no shard.
    sharded_lru cache(limits{20, 100, 0s}, 2);
    cache.put("k", std::string(11, 'x'), 0s);
    CHECK_FALSE(cache.get("k"));
    cache.put("k", std::string(9, 'x'), 0s);
    CHECK(cache.get("k") == std::string(9, 'x'));
    auto stats = cache.stats();
    CHECK(stats.hits == 1);
    CHECK(stats.misses == 1);
    CHECK(stats.entries == 1);
    CHECK(stats.bytes == 10);
}

TEST_CASE("gc removes expired entries from every shard, clear removes all", "[memory-cache]") {
    lru_cache::clock::time_point now{};
    sharded_lru cache(limits{1 << 20, 1000, 0s}, 4, [&] { return now; });
    for (int i = 0; i < 10; ++i)
        cache.put("short" + std::to_string(i), "v", 10s);
    for (int i = 0; i < 5; ++i)
        cache.put("long" + std::to_string(i), "v", 1000s);
    CHECK(cache.gc() == 0);
    now += 11s;
    CHECK(cache.gc() == 10);
    CHECK(cache.stats().entries == 5);
    CHECK(cache.get("long3") == "v");
    cache.clear();
    CHECK(cache.stats().entries == 0);
    CHECK_FALSE(cache.get("long3"));
}
