// The redis cache plugin through the C ABI, against a real redis-server on a loopback port.
#include "cache_client.hpp"
#include "plugin_module.hpp"
#include "redis_server.hpp"

#include <hiredis/hiredis.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

namespace {

using evo_test::cache_client;

std::string config(const evo::test::redis_server& server, std::string extra = "") {
    return R"({"url": ")" + server.url() + R"(", "reconnect_interval_ms": 50)" +
           (extra.empty() ? "" : ", " + extra) + "}";
}

// A raw hiredis connection, to look at what the plugin left in Redis.
struct raw_redis {
    std::unique_ptr<redisContext, decltype(&redisFree)> c;
    explicit raw_redis(const evo::test::redis_server& server, const char* password = nullptr)
        : c(redisConnect("127.0.0.1", server.port()), &redisFree) {
        REQUIRE(c);
        REQUIRE(c->err == 0);
        if (password) query("AUTH %s", password);
    }
    template <class... Args>
    std::unique_ptr<redisReply, decltype(&freeReplyObject)> query(const char* format,
                                                                  Args... args) {
        auto* r = static_cast<redisReply*>(redisCommand(c.get(), format, args...));
        REQUIRE(r);
        return {r, &freeReplyObject};
    }
};

size_t warnings(const evo_test::fake_host& host) {
    size_t count = 0;
    for (const auto& entry : host.logs())
        if (entry.level == EVO_LOG_WARN) ++count;
    return count;
}

} // namespace

TEST_CASE("redis cache: get, put, overwrite, erase and stats", "[redis-cache]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_REDIS_PLUGIN);
    REQUIRE(std::string(descriptor.name) == "redis");
    REQUIRE(descriptor.kind == EVO_KIND_CACHE);
    CHECK((descriptor.flags & EVO_FLAG_THREAD_SAFE) != 0);
    REQUIRE(boost::json::parse(descriptor.config_schema).is_object());
    evo::test::redis_server server;
    evo_test::fake_host host;
    evo_test::plugin_instance instance(descriptor, host.api(), config(server));
    REQUIRE(instance.create_status() == EVO_OK);
    cache_client cache{instance.api<evo_cache_api>(), instance.get()};

    CHECK(cache.get("a").first == EVO_ERR_NOT_FOUND);
    CHECK(cache.put("a", "1") == EVO_OK);
    CHECK(cache.get("a") == std::pair<evo_status, std::string>{EVO_OK, "1"});
    CHECK(cache.put("a", std::string("two\0bytes", 9)) == EVO_OK);
    CHECK(cache.get("a") ==
          std::pair<evo_status, std::string>{EVO_OK, std::string("two\0bytes", 9)});
    CHECK(cache.put("b", "2") == EVO_OK);
    CHECK(cache.erase("b") == EVO_OK);
    CHECK(cache.erase("b") == EVO_ERR_NOT_FOUND);
    CHECK(cache.get("b").first == EVO_ERR_NOT_FOUND);

    auto stats = cache.stats();
    CHECK(stats.hits == 2);
    CHECK(stats.misses == 2);
    CHECK(stats.entries == 1);
    CHECK(host.logs().empty());

    raw_redis raw(server);
    CHECK(raw.query("GET %s", "evo:a")->len == 9);
}

TEST_CASE("redis cache: TTL per put and by default", "[redis-cache]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_REDIS_PLUGIN);
    evo::test::redis_server server;
    evo_test::fake_host host;
    raw_redis raw(server);

    SECTION("no default: entries never expire unless the put says so") {
        evo_test::plugin_instance instance(descriptor, host.api(), config(server));
        REQUIRE(instance.create_status() == EVO_OK);
        cache_client cache{instance.api<evo_cache_api>(), instance.get()};
        REQUIRE(cache.put("forever", "x") == EVO_OK);
        REQUIRE(cache.put("short", "x", 100) == EVO_OK);
        CHECK(raw.query("TTL %s", "evo:forever")->integer == -1);
        auto ttl = raw.query("TTL %s", "evo:short")->integer;
        CHECK(ttl > 0);
        CHECK(ttl <= 100);
    }
    SECTION("default_ttl_seconds applies to a put with ttl 0") {
        evo_test::plugin_instance instance(descriptor, host.api(),
                                           config(server, R"("default_ttl_seconds": 50)"));
        REQUIRE(instance.create_status() == EVO_OK);
        cache_client cache{instance.api<evo_cache_api>(), instance.get()};
        REQUIRE(cache.put("k", "x") == EVO_OK);
        auto ttl = raw.query("TTL %s", "evo:k")->integer;
        CHECK(ttl > 0);
        CHECK(ttl <= 50);
    }
    SECTION("an expired entry is a miss") {
        evo_test::plugin_instance instance(descriptor, host.api(), config(server));
        REQUIRE(instance.create_status() == EVO_OK);
        cache_client cache{instance.api<evo_cache_api>(), instance.get()};
        REQUIRE(cache.put("k", "x", 100) == EVO_OK);
        raw.query("PEXPIRE %s 1", "evo:k"); // expire now rather than sleeping for it
        for (int i = 0; i < 500 && raw.query("EXISTS %s", "evo:k")->integer == 1; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CHECK(cache.get("k").first == EVO_ERR_NOT_FOUND);
    }
}

TEST_CASE("redis cache: key prefixes keep instances apart", "[redis-cache]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_REDIS_PLUGIN);
    evo::test::redis_server server;
    evo_test::fake_host host;
    evo_test::plugin_instance a(descriptor, host.api(), config(server, R"("key_prefix": "a*:")"));
    evo_test::plugin_instance b(descriptor, host.api(), config(server, R"("key_prefix": "b:")"));
    REQUIRE(a.create_status() == EVO_OK);
    REQUIRE(b.create_status() == EVO_OK);
    cache_client first{a.api<evo_cache_api>(), a.get()}, second{b.api<evo_cache_api>(), b.get()};

    REQUIRE(first.put("k", "from a") == EVO_OK);
    REQUIRE(first.put("j", "from a") == EVO_OK);
    REQUIRE(second.put("k", "from b") == EVO_OK);
    CHECK(first.get("k").second == "from a");
    CHECK(second.get("k").second == "from b");
    CHECK(second.erase("j") == EVO_ERR_NOT_FOUND);
    CHECK(first.stats().entries == 2); // "a*:" is escaped in SCAN MATCH, so "b:k" is not counted
    CHECK(second.stats().entries == 1);

    raw_redis raw(server);
    CHECK(std::string(raw.query("GET %s", "a*:k")->str) == "from a");
    CHECK(raw.query("DBSIZE")->integer == 3);
}

TEST_CASE("redis cache: password from the environment", "[redis-cache]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_REDIS_PLUGIN);
    evo::test::redis_server server({"s3cret pass"});
    evo_test::fake_host host;

    SECTION("the right password") {
        setenv("EVO_TEST_REDIS_PASSWORD", "s3cret pass", 1);
        evo_test::plugin_instance instance(
            descriptor, host.api(), config(server, R"("password_env": "EVO_TEST_REDIS_PASSWORD")"));
        REQUIRE(instance.create_status() == EVO_OK);
        cache_client cache{instance.api<evo_cache_api>(), instance.get()};
        CHECK(cache.put("k", "v") == EVO_OK);
        CHECK(cache.get("k").second == "v");
        CHECK(host.logs().empty());
    }
    SECTION("a wrong password fails create, naming the variable, never the password") {
        setenv("EVO_TEST_REDIS_PASSWORD", "wrong", 1);
        evo_test::plugin_instance instance(
            descriptor, host.api(), config(server, R"("password_env": "EVO_TEST_REDIS_PASSWORD")"));
        CHECK(instance.create_status() == EVO_ERR_INVALID_ARGUMENT);
        CHECK_THAT(instance.create_error(),
                   Catch::Contains("AUTH (password from $EVO_TEST_REDIS_PASSWORD) refused"));
        CHECK_THAT(instance.create_error(), !Catch::Contains("wrong"));
    }
    SECTION("an unset variable fails create") {
        unsetenv("EVO_TEST_REDIS_PASSWORD");
        evo_test::plugin_instance instance(
            descriptor, host.api(), config(server, R"("password_env": "EVO_TEST_REDIS_PASSWORD")"));
        CHECK(instance.create_status() == EVO_ERR_INVALID_ARGUMENT);
        CHECK(instance.create_error() ==
              "config: 'password_env' names $EVO_TEST_REDIS_PASSWORD, which is not set or empty");
    }
    SECTION("no password: commands are refused, and degrade like an absent server") {
        evo_test::plugin_instance instance(descriptor, host.api(), config(server));
        REQUIRE(instance.create_status() == EVO_OK);
        cache_client cache{instance.api<evo_cache_api>(), instance.get()};
        CHECK(cache.get("k").first == EVO_ERR_NOT_FOUND);
        CHECK(cache.put("k", "v") == EVO_ERR_UNAVAILABLE);
        CHECK(cache.get("k").first == EVO_ERR_NOT_FOUND);
        REQUIRE(warnings(host) == 1);
        CHECK_THAT(host.logs().front().message, Catch::Contains("NOAUTH"));
    }
    unsetenv("EVO_TEST_REDIS_PASSWORD");
}

TEST_CASE("redis cache: Redis away mid-run is misses and one warning, then it comes back",
          "[redis-cache]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_REDIS_PLUGIN);
    evo::test::redis_server server;
    evo_test::fake_host host;
    evo_test::plugin_instance instance(descriptor, host.api(), config(server));
    REQUIRE(instance.create_status() == EVO_OK);
    cache_client cache{instance.api<evo_cache_api>(), instance.get()};
    REQUIRE(cache.put("k", "v") == EVO_OK);
    REQUIRE(cache.get("k").first == EVO_OK);

    server.stop();
    for (int i = 0; i < 20; ++i) {
        CHECK(cache.get("k").first == EVO_ERR_NOT_FOUND);
        CHECK(cache.put("k", "v") == EVO_ERR_UNAVAILABLE);
        std::this_thread::sleep_for(std::chrono::milliseconds(10)); // spans reconnect attempts
    }
    CHECK(cache.stats().entries == 0);
    CHECK(warnings(host) == 1);

    server.start(); // same port, empty (no persistence)
    bool back = false;
    for (int i = 0; i < 1000 && !back; ++i) { // bounded: ~10 s at most
        back = cache.put("k", "again") == EVO_OK;
        if (!back) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(back);
    CHECK(cache.get("k") == std::pair<evo_status, std::string>{EVO_OK, "again"});
    CHECK(warnings(host) == 1);
}

TEST_CASE("redis cache: created while Redis is down, it starts as a miss and warns once",
          "[redis-cache]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_REDIS_PLUGIN);
    evo::test::redis_server server;
    server.stop();
    evo_test::fake_host host;
    evo_test::plugin_instance instance(descriptor, host.api(), config(server));
    REQUIRE(instance.create_status() == EVO_OK);
    cache_client cache{instance.api<evo_cache_api>(), instance.get()};
    CHECK(cache.get("k").first == EVO_ERR_NOT_FOUND);
    CHECK(cache.put("k", "v") == EVO_ERR_UNAVAILABLE);
    CHECK(cache.erase("k") == EVO_ERR_UNAVAILABLE);
    REQUIRE(warnings(host) == 1);
    CHECK_THAT(host.logs().front().message, Catch::Contains(server.url() + " unavailable"));
}

TEST_CASE("redis cache: a remote address is refused before any connection",
          "[redis-cache][remote-address]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_REDIS_PLUGIN);
    unsetenv("EVO_ALLOW_REMOTE_REDIS");
    evo_test::fake_host host;
    // 192.0.2.0/24 is TEST-NET-1: nothing answers there, and a connection attempt would log
    // the "unavailable" warning; the refusal comes first, so nothing is logged.
    evo_test::plugin_instance instance(
        descriptor, host.api(),
        R"({"url": "redis://192.0.2.1:6379", "connect_timeout_ms": 60000})");
    CHECK(instance.create_status() == EVO_ERR_FORBIDDEN);
    CHECK_THAT(instance.create_error(), Catch::Contains("EVO_ALLOW_REMOTE_REDIS=1"));
    CHECK(host.logs().empty());
}

TEST_CASE("redis cache: the URL's database is selected, and one that does not exist fails create",
          "[redis-cache]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_REDIS_PLUGIN);
    evo::test::redis_server server;
    evo_test::fake_host host;
    {
        evo_test::plugin_instance instance(descriptor, host.api(),
                                           R"({"url": ")" + server.url() + R"(/2"})");
        REQUIRE(instance.create_status() == EVO_OK);
        REQUIRE(instance.api<evo_cache_api>().put(instance.get(), {"k", 1}, {"v", 1}, 0) == EVO_OK);
        raw_redis raw(server);
        CHECK(raw.query("EXISTS %s", "evo:k")->integer == 0);
        raw.query("SELECT 2");
        CHECK(raw.query("EXISTS %s", "evo:k")->integer == 1);
    }
    evo_test::plugin_instance missing(descriptor, host.api(),
                                      R"({"url": ")" + server.url() + R"(/999"})");
    CHECK(missing.create_status() == EVO_ERR_INVALID_ARGUMENT);
    CHECK_THAT(missing.create_error(), Catch::Contains("SELECT 999 refused"));
}

TEST_CASE("redis cache: threads share one instance", "[redis-cache]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_REDIS_PLUGIN);
    evo::test::redis_server server;
    evo_test::fake_host host;
    evo_test::plugin_instance instance(descriptor, host.api(), config(server));
    REQUIRE(instance.create_status() == EVO_OK);
    cache_client cache{instance.api<evo_cache_api>(), instance.get()};

    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                std::string key = std::to_string(t) + ":" + std::to_string(i);
                if (cache.put(key, key + "=v") != EVO_OK) ++wrong;
                if (cache.get(key) != std::pair<evo_status, std::string>{EVO_OK, key + "=v"})
                    ++wrong;
            }
        });
    for (auto& thread : threads)
        thread.join();
    CHECK(wrong == 0);
    auto stats = cache.stats();
    CHECK(stats.hits == 800);
    CHECK(stats.entries == 800);
}

TEST_CASE("redis cache: clear deletes only its own prefix, gc has nothing to do",
          "[redis-cache]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_REDIS_PLUGIN);
    evo::test::redis_server server;
    evo_test::fake_host host;
    evo_test::plugin_instance a(descriptor, host.api(), config(server, R"("key_prefix": "a*:")"));
    REQUIRE(a.create_status() == EVO_OK);
    cache_client mine{a.api<evo_cache_api>(), a.get()};
    const auto& api = a.api<evo_cache_api>();
    // More keys than one SCAN batch, so clear must follow the cursor.
    for (int i = 0; i < 2500; ++i) REQUIRE(mine.put("k" + std::to_string(i), "v") == EVO_OK);
    raw_redis raw(server);
    raw.query("SET %s %s", "a:other", "not mine");  // shares "a" but not the prefix "a*:"
    raw.query("SET %s %s", "unrelated", "not mine");

    REQUIRE(api.clear != nullptr);
    CHECK(api.clear(a.get()) == EVO_OK);
    CHECK(mine.stats().entries == 0);
    CHECK(mine.get("k7").first == EVO_ERR_NOT_FOUND);
    CHECK(raw.query("DBSIZE")->integer == 2);
    CHECK(std::string(raw.query("GET %s", "a:other")->str) == "not mine");

    REQUIRE(mine.put("k", "v") == EVO_OK);
    uint64_t removed = 99;
    REQUIRE(api.gc != nullptr);
    CHECK(api.gc(a.get(), &removed) == EVO_OK);
    CHECK(removed == 0);
    CHECK(mine.get("k").second == "v");
}
