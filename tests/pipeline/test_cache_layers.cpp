// The pipeline's cache in layers, through the runtime with real plugins: memory, sqlite, and
// the directory fixture (tests/abi/fixtures/directory_cache.cpp: no clear, no gc). Each layer
// is looked into on its own through the cache ABI (cache_client), as the host drives it.
#include "cache_client.hpp"
#include "scratch_dir.hpp"

#include <evo/host/runtime.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <memory>
#include <optional>

namespace {

namespace json = boost::json;
using evo::host::cache_layer_report;
using evo::host::runtime;

struct layered_cache {
    evo::test::scratch_dir scratch;

    layered_cache() { scratch.write("not-a-directory", ""); }

    // A runtime whose [pipeline] cache is `layers` (a TOML array). Every candidate layer is an
    // instance: memory, sqlite (in the scratch directory), files (the directory fixture) and
    // broken (a sqlite whose database cannot be opened: misses and EVO_ERR_UNAVAILABLE).
    std::unique_ptr<runtime> compose(const std::string& layers) const {
        auto quoted = [](const std::string& s) { return json::serialize(json::string(s)); };
        auto file = scratch.write(
            "evo.toml",
            "plugin_path = " + quoted(ABI_FIXTURE_DIR) + "\n[pipeline]\ncache = " + layers +
                "\n[plugins.memory]\n[plugins.sqlite]\npath = " + quoted(scratch.file("cache.db")) +
                "\n[plugins.files]\nplugin = \"fixture-directory-cache\"\ndirectory = " +
                quoted(scratch.file("files")) + "\n[plugins.broken]\nplugin = \"sqlite\"\npath = " +
                quoted(scratch.file("not-a-directory/cache.db")) + "\n");
        return std::make_unique<runtime>(evo::host::load_manifest(file),
                                         evo::host::locate_installation());
    }
};

// Layer `id` of `rt`, driven through the cache ABI alone.
template <typename F> auto with_layer(runtime& rt, std::string_view id, F&& f) {
    evo::host::plugin_instance* p = rt.find(id);
    REQUIRE(p != nullptr);
    decltype(f(std::declval<const evo_test::cache_client&>())) out{};
    p->call([&](evo_instance* h) {
        out = f(evo_test::cache_client{p->api().cache, h});
        return EVO_OK;
    });
    return out;
}

std::optional<std::string> layer_get(runtime& rt, std::string_view id, std::string_view key) {
    auto [status, value] = with_layer(rt, id, [&](const auto& c) { return c.get(key); });
    if (status == EVO_OK) return value;
    CHECK(status == EVO_ERR_NOT_FOUND);
    return std::nullopt;
}

void layer_put(runtime& rt, std::string_view id, std::string_view key, std::string_view value) {
    REQUIRE(with_layer(rt, id, [&](const auto& c) { return c.put(key, value); }) == EVO_OK);
}

uint64_t hits(runtime& rt, std::string_view id) {
    return with_layer(rt, id, [](const auto& c) { return c.stats(); }).hits;
}

} // namespace

TEST_CASE("a put writes every layer", "[pipeline][cache]") {
    layered_cache ws;
    auto rt = ws.compose(R"(["memory", "files", "sqlite"])");
    rt->cache_put("key", "value");
    for (const char* layer : {"memory", "files", "sqlite"}) {
        INFO(layer);
        CHECK(layer_get(*rt, layer, "key") == "value");
    }
}

TEST_CASE("a hit in a deeper layer is copied into every layer in front of it",
          "[pipeline][cache]") {
    layered_cache ws;
    auto rt = ws.compose(R"(["memory", "files", "sqlite"])");

    SECTION("found in the last layer") {
        layer_put(*rt, "sqlite", "key", "deep");
        CHECK(rt->cache_get("key") == "deep");
        CHECK(layer_get(*rt, "memory", "key") == "deep");
        CHECK(layer_get(*rt, "files", "key") == "deep");
        const uint64_t sqlite_hits = hits(*rt, "sqlite");
        const uint64_t memory_hits = hits(*rt, "memory");
        CHECK(rt->cache_get("key") == "deep"); // now from the front
        CHECK(hits(*rt, "memory") == memory_hits + 1);
        CHECK(hits(*rt, "sqlite") == sqlite_hits);
    }
    SECTION("found in the middle: the layer behind it is left as it was") {
        layer_put(*rt, "files", "key", "middle");
        CHECK(rt->cache_get("key") == "middle");
        CHECK(layer_get(*rt, "memory", "key") == "middle");
        CHECK_FALSE(layer_get(*rt, "sqlite", "key"));
    }
    SECTION("found nowhere") {
        CHECK_FALSE(rt->cache_get("key"));
        CHECK_FALSE(layer_get(*rt, "memory", "key"));
    }
}

TEST_CASE("a fresh runtime finds what an earlier one stored in the persistent layer",
          "[pipeline][cache]") {
    layered_cache ws;
    ws.compose(R"(["memory", "sqlite"])")->cache_put("key", "kept");
    auto later = ws.compose(R"(["memory", "sqlite"])"); // a new process: an empty memory layer
    CHECK_FALSE(layer_get(*later, "memory", "key"));
    CHECK(later->cache_get("key") == "kept");
    CHECK(layer_get(*later, "memory", "key") == "kept");
}

TEST_CASE("a layer that is away does not stop the others", "[pipeline][cache]") {
    layered_cache ws;
    auto rt = ws.compose(R"(["memory", "broken", "files"])");
    rt->cache_put("key",
                  "value"); // broken answers EVO_ERR_UNAVAILABLE; the layer behind it still gets it
    CHECK(layer_get(*rt, "memory", "key") == "value");
    CHECK(layer_get(*rt, "files", "key") == "value");

    layer_put(*rt, "files", "behind", "found");
    CHECK(rt->cache_get("behind") == "found"); // broken is a miss on the way
    CHECK(layer_get(*rt, "memory", "behind") == "found");

    SECTION("clear: every layer is asked, each that could not says why") {
        auto reports = rt->cache_clear();
        REQUIRE(reports.size() == 3);
        CHECK(reports[0].id == "memory");
        CHECK(reports[0].outcome == cache_layer_report::result::done);
        CHECK(reports[1].id == "broken");
        CHECK(reports[1].outcome == cache_layer_report::result::failed);
        CHECK(reports[1].problem.rfind("cache 'broken' clear failed: ", 0) == 0);
        CHECK(reports[2].outcome == cache_layer_report::result::unsupported);
        CHECK(reports[2].problem ==
              "cache 'files' (plugin fixture-directory-cache) does not support clear");
        CHECK_FALSE(layer_get(*rt, "memory", "key"));
    }
    SECTION("stats: one report per layer, front first") {
        auto reports = rt->cache_stats();
        REQUIRE(reports.size() == 3);
        CHECK(reports[0].stats.entries == 2);
        CHECK(reports[0].plugin == "memory");
        CHECK(reports[1].outcome == cache_layer_report::result::done); // its own counts stand
        CHECK(reports[1].stats.misses >= 1);
        // fixture-directory-cache, a C++ cache, does not override stats(): it lacks the function.
        CHECK(reports[2].outcome == cache_layer_report::result::unsupported);
        CHECK(reports[2].problem ==
              "cache 'files' (plugin fixture-directory-cache) does not support stats");
    }
}

TEST_CASE("a cache layer must be a cache instance", "[pipeline][cache]") {
    layered_cache ws;
    auto file = ws.scratch.write("evo.toml",
                                 "[pipeline]\ncache = [\"memory\", \"pool\"]\n[plugins.memory]\n"
                                 "[plugins.pool]\nplugin = \"threadpool\"\n");
    try {
        runtime rt(evo::host::load_manifest(file), evo::host::locate_installation());
        FAIL("the runtime was created");
    } catch (const evo::host::config_error& e) {
        CHECK(std::string(e.what()) ==
              file.string() + ":2:20: [pipeline] cache 'pool' is a scheduler plugin, not a cache");
    }
}
