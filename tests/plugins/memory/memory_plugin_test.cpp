#include "cache_client.hpp"
#include "plugin_module.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

namespace {

using evo_test::cache_client;

} // namespace

TEST_CASE("memory cache through the C ABI", "[memory-cache]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_MEMORY_PLUGIN);
    REQUIRE(std::string(descriptor.name) == "memory");
    REQUIRE(descriptor.kind == EVO_KIND_CACHE);
    CHECK((descriptor.flags & EVO_FLAG_THREAD_SAFE) != 0);
    REQUIRE(boost::json::parse(descriptor.config_schema).is_object());
    evo_test::fake_host host;

    SECTION("get, put, erase and stats") {
        // One shard: the whole budget of two entries is one LRU list.
        evo_test::plugin_instance instance(descriptor, host.api(),
                                           R"({"max_entries": 2, "shards": 1})");
        REQUIRE(instance.create_status() == EVO_OK);
        cache_client cache{instance.api<evo_cache_api>(), instance.get()};

        CHECK(cache.put("a", "1") == EVO_OK);
        CHECK(cache.put("b", "2") == EVO_OK);
        CHECK(cache.put("c", "3") == EVO_OK);
        CHECK(cache.get("a").first == EVO_ERR_NOT_FOUND);
        CHECK(cache.get("c") == std::pair<evo_status, std::string>{EVO_OK, "3"});
        CHECK(cache.erase("c") == EVO_OK);
        CHECK(cache.erase("c") == EVO_ERR_NOT_FOUND);

        auto stats = cache.stats();
        CHECK(stats.hits == 1);
        CHECK(stats.misses == 1);
        CHECK(stats.entries == 1);
        CHECK(stats.bytes == 2);
        CHECK(stats.evictions == 1);
    }
    SECTION("a reader that stops the value gets EVO_ERR_STOPPED") {
        evo_test::plugin_instance instance(descriptor, host.api(), "{}");
        REQUIRE(instance.create_status() == EVO_OK);
        const auto& api = instance.api<evo_cache_api>();
        REQUIRE(api.put(instance.get(), {"k", 1}, {"v", 1}, 0) == EVO_OK);
        auto refuse = [](void*, evo_str) -> evo_status { return EVO_ERR_STOPPED; };
        CHECK(api.get(instance.get(), {"k", 1}, refuse, nullptr) == EVO_ERR_STOPPED);
    }
    SECTION("clear empties every shard, gc finds nothing unexpired") {
        evo_test::plugin_instance instance(descriptor, host.api(), R"({"shards": 4})");
        REQUIRE(instance.create_status() == EVO_OK);
        cache_client cache{instance.api<evo_cache_api>(), instance.get()};
        const auto& api = instance.api<evo_cache_api>();
        for (int i = 0; i < 20; ++i) REQUIRE(cache.put("key" + std::to_string(i), "v") == EVO_OK);
        CHECK(cache.stats().entries == 20);

        uint64_t removed = 99;
        REQUIRE(api.gc != nullptr);
        CHECK(api.gc(instance.get(), &removed) == EVO_OK);
        CHECK(removed == 0);
        REQUIRE(api.clear != nullptr);
        CHECK(api.clear(instance.get()) == EVO_OK);
        CHECK(cache.stats().entries == 0);
        CHECK(cache.stats().bytes == 0);
        CHECK(cache.get("key3").first == EVO_ERR_NOT_FOUND);
    }
    SECTION("an empty budget is refused at create") {
        evo_test::plugin_instance instance(descriptor, host.api(), R"({"max_bytes": 0})");
        CHECK(instance.create_status() == EVO_ERR_INVALID_ARGUMENT);
        CHECK(instance.create_error() == "config: max_bytes and max_entries must be >= 1");
    }
}
