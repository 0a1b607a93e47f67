#include "default_path.hpp"
#include "scratch_dir.hpp"
#include "sqlite_store.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using sqlite_cache::limits;
using sqlite_cache::sqlite_store;

namespace {

// A clock the test moves by hand: expiry and LRU order without waiting.
struct manual_clock {
    std::int64_t now = 1'000'000;
    sqlite_store::clock_fn fn() {
        return [this] { return now; };
    }
};

} // namespace

TEST_CASE("sqlite store: hit, miss, overwrite, erase", "[sqlite-cache]") {
    evo::test::scratch_dir dir;
    manual_clock clock;
    sqlite_store store(dir.file("c.db"), limits{}, nullptr, clock.fn());

    CHECK_FALSE(store.get("k"));
    store.put("k", "one", 0s);
    CHECK(store.get("k") == "one");
    store.put("k", "two!", 0s);
    CHECK(store.get("k") == "two!");
    store.put("", "", 0s);
    CHECK(store.get("") == "");
    CHECK(store.erase("k"));
    CHECK_FALSE(store.erase("k"));
    CHECK_FALSE(store.get("k"));

    auto stats = store.stats();
    CHECK(stats.hits == 3);
    CHECK(stats.misses == 2);
    CHECK(stats.entries == 1);
    CHECK(stats.bytes == 0);
    CHECK(stats.evictions == 0);
}

TEST_CASE("sqlite store: entries expire after their TTL and are then removed", "[sqlite-cache]") {
    evo::test::scratch_dir dir;
    manual_clock clock;
    sqlite_store store(dir.file("c.db"), limits{1 << 20, 60s}, nullptr, clock.fn());

    store.put("default", "d", 0s);
    store.put("short", "s", 10s);
    store.put("other", "o", 0s); // 0 asks for the default TTL
    clock.now += 9;
    CHECK(store.get("short") == "s");
    clock.now += 1;
    CHECK_FALSE(store.get("short"));
    CHECK(store.stats().entries == 2);
    clock.now += 50;
    CHECK_FALSE(store.get("default"));
    CHECK(store.stats().entries == 1);

    sqlite_store never(dir.file("n.db"), limits{1 << 20, 0s}, nullptr, clock.fn());
    never.put("k", "v", 0s);
    clock.now += 100LL * 365 * 24 * 3600;
    CHECK(never.get("k") == "v");
}

TEST_CASE("sqlite store: a hit's use reaches the file with the next put, gc or close",
          "[sqlite-cache]") {
    evo::test::scratch_dir dir;
    manual_clock clock;
    const std::string file = dir.file("c.db");
    auto lru_victim_after = [&](auto&& write_the_hit) {
        {
            sqlite_store setup(file, limits{}, nullptr, clock.fn());
            setup.clear();
            setup.put("a", "1", 0s);
            clock.now += 10;
            setup.put("b", "2", 0s);
            clock.now += 10;
        }
        {
            sqlite_store reader(file, limits{}, nullptr, clock.fn());
            CHECK(reader.get("a") == "1"); // a is now the most recently used, in memory
            write_the_hit(reader);
        }
        // Another connection, with room for one entry less: it evicts by the file alone.
        const auto bytes = sqlite_store(file, limits{}, nullptr, clock.fn()).stats().bytes;
        sqlite_store other(file, limits{bytes - 2, 0s}, nullptr, clock.fn());
        CHECK(other.gc() == 1);
        return other.get("a") ? std::string("b") : std::string("a");
    };
    CHECK(lru_victim_after([](sqlite_store& s) { s.put("z", "9", 0s); }) == "b");
    CHECK(lru_victim_after([](sqlite_store& s) { s.gc(); }) == "b");
    CHECK(lru_victim_after([](sqlite_store&) {}) == "b"); // closed: written then
}

TEST_CASE("sqlite store: a put over the budget evicts the least recently used", "[sqlite-cache]") {
    evo::test::scratch_dir dir;
    manual_clock clock;
    sqlite_store store(dir.file("c.db"), limits{6, 0s}, nullptr, clock.fn());

    store.put("a", "1", 0s);
    clock.now += 10;
    store.put("b", "2", 0s);
    clock.now += 10;
    store.put("c", "3", 0s);
    clock.now += 10;
    CHECK(store.get("a") == "1"); // a is now the most recently used
    store.put("d", "4", 0s);

    CHECK_FALSE(store.get("b"));
    CHECK(store.get("a") == "1");
    CHECK(store.get("c") == "3");
    CHECK(store.get("d") == "4");
    auto stats = store.stats();
    CHECK(stats.entries == 3);
    CHECK(stats.bytes == 6);
    CHECK(stats.evictions == 1);

    SECTION("a value that can never fit is not stored and drops the old one") {
        store.put("a", "far too long", 0s);
        CHECK_FALSE(store.get("a"));
        CHECK(store.get("c") == "3");
    }
    SECTION("expired entries go before live ones, and are not counted as evictions") {
        store.put("e", "5", 5s); // evicts a: the oldest of equally recent entries
        CHECK(store.stats().evictions == 2);
        clock.now += 10;
        store.put("f", "6", 0s); // e has expired: it makes the room
        CHECK(store.get("f") == "6");
        CHECK_FALSE(store.get("e"));
        CHECK(store.get("c") == "3");
        CHECK(store.stats().evictions == 2);
    }
}

TEST_CASE("sqlite store: the default path and its private directory", "[sqlite-cache]") {
    evo::test::scratch_dir dir;
    std::string saved_home = std::getenv("HOME") ? std::getenv("HOME") : "";
    const char* saved_xdg = std::getenv("XDG_CACHE_HOME");
    std::string xdg_copy = saved_xdg ? saved_xdg : "";

    ::setenv("XDG_CACHE_HOME", dir.file("xdg").c_str(), 1);
    CHECK(sqlite_cache::default_path() == dir.file("xdg") + "/evo/cache.db");
    ::unsetenv("XDG_CACHE_HOME");
    ::setenv("HOME", dir.file("home").c_str(), 1);
    CHECK(sqlite_cache::default_path() == dir.file("home") + "/.cache/evo/cache.db");

    {
        sqlite_store store(sqlite_cache::default_path(), limits{}, nullptr);
        store.put("k", "v", 0s);
        CHECK(store.get("k") == "v");
    }
    struct stat st {};
    REQUIRE(::stat((dir.file("home") + "/.cache/evo").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);

    ::setenv("HOME", saved_home.c_str(), 1);
    if (saved_xdg) ::setenv("XDG_CACHE_HOME", xdg_copy.c_str(), 1);
}

TEST_CASE("sqlite store: threads share one instance", "[sqlite-cache]") {
    evo::test::scratch_dir dir;
    sqlite_store store(dir.file("c.db"), limits{}, nullptr);
    constexpr int threads = 4, per_thread = 50;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&store, t] {
            for (int i = 0; i < per_thread; ++i) {
                std::string key = std::to_string(t) + "/" + std::to_string(i);
                store.put(key, key, 0s);
                (void)store.get(key);
            }
        });
    for (auto& w : workers)
        w.join();
    auto stats = store.stats();
    CHECK(stats.entries == threads * per_thread);
    CHECK(stats.hits == threads * per_thread);
    CHECK(stats.misses == 0);
}

TEST_CASE("sqlite store: gc removes expired entries, clear removes all", "[sqlite-cache]") {
    evo::test::scratch_dir dir;
    manual_clock clock;
    sqlite_store store(dir.file("c.db"), limits{1 << 20, 0s}, nullptr, clock.fn());
    store.put("a", "1", 10s);
    store.put("b", "2", 10s);
    store.put("forever", "3", 0s);
    CHECK(store.gc() == 0);
    clock.now += 10;
    CHECK(store.gc() == 2);
    CHECK(store.stats().entries == 1);
    CHECK(store.stats().bytes == std::string("forever3").size());
    CHECK(store.get("forever") == "3");

    // Another instance on the same file sees the clear.
    sqlite_store other(dir.file("c.db"), limits{1 << 20, 0s}, nullptr, clock.fn());
    other.clear();
    CHECK(store.stats().entries == 0);
    CHECK(store.stats().bytes == 0);
    CHECK_FALSE(store.get("forever"));
}

TEST_CASE("sqlite store: gc enforces a budget smaller than the file holds", "[sqlite-cache]") {
    evo::test::scratch_dir dir;
    manual_clock clock;
    {
        sqlite_store big(dir.file("c.db"), limits{1 << 20, 0s}, nullptr, clock.fn());
        for (std::string key : {"k1", "k2", "k3"}) {
            big.put(key, "v", 0s); // 3 bytes each
            clock.now += 10;
        }
    }
    sqlite_store small(dir.file("c.db"), limits{6, 0s}, nullptr, clock.fn());
    CHECK(small.gc() == 1);
    CHECK(small.stats().evictions == 1);
    CHECK_FALSE(small.get("k1")); // least recently used went
    CHECK(small.get("k3") == "v");
}
