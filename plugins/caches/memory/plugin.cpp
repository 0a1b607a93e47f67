// memory: an in-process LRU cache with a time to live and a byte budget (see lru_cache.hpp).
#include "sharded_lru.hpp"

namespace {

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    "max_bytes": {"type": "integer", "minimum": 1, "default": 67108864,
                  "description": "budget for keys plus values; least recently used entries go first"},
    "max_entries": {"type": "integer", "minimum": 1, "default": 100000},
    "default_ttl_seconds": {"type": "integer", "minimum": 0, "maximum": 4294967295,
                            "default": 3600, "description": "0: entries never expire"},
    "shards": {"type": "integer", "minimum": 1, "maximum": 1024, "default": 8,
               "description": "independently locked parts, each with a 1/shards share of the budgets"}
  },
  "additionalProperties": false
})";

memory_cache::limits configured_limits(const boost::json::object& config) {
    memory_cache::limits budget;
    budget.max_bytes = evo::config_value<std::uint64_t>(config, "max_bytes", budget.max_bytes);
    budget.max_entries =
        evo::config_value<std::uint64_t>(config, "max_entries", budget.max_entries);
    budget.default_ttl = std::chrono::seconds(evo::config_value<std::uint32_t>(
        config, "default_ttl_seconds", static_cast<std::uint32_t>(budget.default_ttl.count())));
    if (budget.max_bytes == 0 || budget.max_entries == 0)
        throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                         "config: max_bytes and max_entries must be >= 1");
    return budget;
}

class memory final : public evo::cache {
  public:
    static constexpr evo::plugin_info info{"memory", "1.0.0",
                                           "in-process LRU cache with TTL and a byte budget",
                                           schema, EVO_FLAG_THREAD_SAFE};

    memory(evo::host_services, const boost::json::object& config)
        : cache_(configured_limits(config), evo::config_value<std::uint32_t>(config, "shards", 8)) {}

    std::optional<std::string> get(std::string_view key) override { return cache_.get(key); }
    void put(std::string_view key, std::string_view value, uint32_t ttl_seconds) override {
        cache_.put(key, value, std::chrono::seconds(ttl_seconds));
    }
    bool erase(std::string_view key) override { return cache_.erase(key); }
    evo::cache_stats stats() override { return cache_.stats(); }
    void clear() override { cache_.clear(); }
    uint64_t gc() override { return cache_.gc(); }

  private:
    memory_cache::sharded_lru cache_;
};

} // namespace

EVO_CACHE_PLUGIN(memory)
