#include "redis_address.hpp"

#include <evo/plugin.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>

using evo_redis::parse_url;

TEST_CASE("redis URLs", "[redis-cache]") {
    auto plain = parse_url("redis://127.0.0.1:6390/3");
    CHECK(plain.host == "127.0.0.1");
    CHECK(plain.port == 6390);
    CHECK(plain.db == 3);
    CHECK(plain.user.empty());

    auto with_user = parse_url("redis://evo@localhost");
    CHECK(with_user.user == "evo");
    CHECK(with_user.host == "localhost");
    CHECK(with_user.port == 6379);

    auto v6 = parse_url("redis://[::1]:7000");
    CHECK(v6.host == "::1");
    CHECK(v6.port == 7000);

    CHECK_THROWS_WITH(parse_url("http://127.0.0.1"), Catch::Contains("must start with redis://"));
    CHECK_THROWS_WITH(parse_url("redis://u:secret@127.0.0.1"), Catch::Contains("password_env"));
    CHECK_THROWS_WITH(parse_url("redis://127.0.0.1:http"), Catch::Contains("port 'http'"));
    CHECK_THROWS_WITH(parse_url("redis://:6379"), Catch::Contains("no host"));
}

TEST_CASE("only loopback addresses pass unless EVO_ALLOW_REMOTE_REDIS=1", "[redis-cache]") {
    CHECK(evo_redis::is_loopback("127.0.0.1"));
    CHECK(evo_redis::is_loopback("127.200.3.4"));
    CHECK(evo_redis::is_loopback("::1"));
    CHECK_FALSE(evo_redis::is_loopback("128.0.0.1"));
    CHECK_FALSE(evo_redis::is_loopback("192.0.2.1"));
    CHECK_FALSE(evo_redis::is_loopback("::ffff:192.0.2.1"));

    unsetenv("EVO_ALLOW_REMOTE_REDIS");
    auto remote = parse_url("redis://192.0.2.1:6379");
    try {
        evo_redis::resolve(remote);
        FAIL("a remote address was accepted");
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_FORBIDDEN);
        CHECK_THAT(e.what(), Catch::Contains("EVO_ALLOW_REMOTE_REDIS=1"));
    }
    setenv("EVO_ALLOW_REMOTE_REDIS", "1", 1);
    CHECK_NOTHROW(evo_redis::resolve(remote));
    CHECK(remote.ip == "192.0.2.1");
    unsetenv("EVO_ALLOW_REMOTE_REDIS");

    auto local = parse_url("redis://localhost:6379");
    evo_redis::resolve(local);
    CHECK(evo_redis::is_loopback(local.ip));
}
