// The C++ layer leaves an optional C function NULL unless the plugin class overrides it, so
// the host reports it missing exactly as for a C plugin (never a stub that says UNSUPPORTED).
#include <evo/plugin.hpp>

#include <catch2/catch.hpp>

namespace {

class minimal_cache : public evo::cache {
  public:
    std::optional<std::string> get(std::string_view) override { return std::nullopt; }
    void put(std::string_view, std::string_view, uint32_t) override {}
    bool erase(std::string_view) override { return false; }
};

class counting_cache : public minimal_cache {
  public:
    evo::cache_stats stats() override { return {}; }
};

class full_cache final : public counting_cache {
  public:
    void clear() override {}
    uint64_t gc() override { return 0; }
};

using minimal = evo::detail::cache_calls<minimal_cache>;
using counting = evo::detail::cache_calls<counting_cache>;
using full = evo::detail::cache_calls<full_cache>;

// Known when the plugin is compiled: the table is a constant.
static_assert(minimal::api.stats == nullptr && minimal::api.clear == nullptr &&
              minimal::api.gc == nullptr);
static_assert(counting::api.clear == nullptr && counting::api.gc == nullptr);

} // namespace

TEST_CASE("a C++ cache's optional functions are NULL unless it overrides them", "[abi][sdk]") {
    CHECK(minimal::api.get != nullptr);
    CHECK(minimal::api.put != nullptr);
    CHECK(minimal::api.erase != nullptr);
    CHECK(minimal::api.stats == nullptr);
    CHECK(minimal::api.clear == nullptr);
    CHECK(minimal::api.gc == nullptr);
    CHECK(counting::api.stats != nullptr); // an override in a base class counts
    CHECK(counting::api.clear == nullptr);
    CHECK(full::api.stats != nullptr);
    CHECK(full::api.clear != nullptr);
    CHECK(full::api.gc != nullptr);
}
