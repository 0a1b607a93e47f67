#include "cache_client.hpp"
#include "plugin_module.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

namespace {

using evo_test::cache_client;

std::string config_for(const std::string& path) {
    return boost::json::serialize(boost::json::object{{"path", path}});
}

} // namespace

TEST_CASE("sqlite cache through the C ABI", "[sqlite-cache]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_SQLITE_PLUGIN);
    REQUIRE(std::string(descriptor.name) == "sqlite");
    REQUIRE(descriptor.kind == EVO_KIND_CACHE);
    CHECK((descriptor.flags & EVO_FLAG_THREAD_SAFE) != 0);
    REQUIRE(boost::json::parse(descriptor.config_schema).is_object());
    evo_test::fake_host host;
    evo::test::scratch_dir dir;

    SECTION("values outlive the instance") {
        {
            evo_test::plugin_instance instance(descriptor, host.api(),
                                               config_for(dir.file("c.db")));
            REQUIRE(instance.create_status() == EVO_OK);
            cache_client cache{instance.api<evo_cache_api>(), instance.get()};
            CHECK(cache.put("k", "v") == EVO_OK);
            CHECK(cache.get("nope").first == EVO_ERR_NOT_FOUND);
        }
        evo_test::plugin_instance instance(descriptor, host.api(), config_for(dir.file("c.db")));
        cache_client cache{instance.api<evo_cache_api>(), instance.get()};
        CHECK(cache.get("k") == std::pair<evo_status, std::string>{EVO_OK, "v"});
        auto stats = cache.stats();
        CHECK(stats.hits == 1);
        CHECK(stats.misses == 0);
        CHECK(stats.entries == 1);
        CHECK(stats.bytes == 2);
        CHECK(host.logs().empty());
    }
    SECTION("a corrupt database gives misses and one warning, never a failed create") {
        auto path = dir.write("c.db", std::string(8192, 'x')).string();
        evo_test::plugin_instance instance(descriptor, host.api(), config_for(path));
        REQUIRE(instance.create_status() == EVO_OK);
        cache_client cache{instance.api<evo_cache_api>(), instance.get()};
        CHECK(cache.get("k").first == EVO_ERR_NOT_FOUND);
        CHECK(cache.get("k").first == EVO_ERR_NOT_FOUND);
        CHECK(cache.put("k", "v") == EVO_ERR_UNAVAILABLE);
        REQUIRE(host.logs().size() == 1);
        CHECK(host.logs()[0].level == EVO_LOG_WARN);
        CHECK_THAT(host.logs()[0].message, Catch::Contains(path));
        CHECK(cache.stats().misses == 2);
    }
    SECTION("an empty budget is refused at create") {
        evo_test::plugin_instance instance(descriptor, host.api(), R"({"max_bytes": 0})");
        CHECK(instance.create_status() == EVO_ERR_INVALID_ARGUMENT);
        CHECK(instance.create_error() == "config: max_bytes must be >= 1");
    }
}
