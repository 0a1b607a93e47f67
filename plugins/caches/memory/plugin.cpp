// memory: an in-process LRU cache with a time to live and a byte budget (see lru_cache.hpp).
#include "lru_cache.hpp"

namespace {

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    "max_bytes": {"type": "integer", "minimum": 1, "default": 67108864,
                  "description": "budget for keys plus values; least recently used entries go first"},
    "max_entries": {"type": "integer", "minimum": 1, "default": 100000},
    "default_ttl_seconds": {"type": "integer", "minimum": 0, "maximum": 4294967295,
                            "default": 3600, "description": "0: entries never expire"}
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

    memory(evo::host_services, const boost::json::object& config) : cache_(configured_limits(config)) {}

    std::optional<std::string> get(std::string_view key) override { return cache_.get(key); }
    void put(std::string_view key, std::string_view value, uint32_t ttl_seconds) override {
        cache_.put(key, value, std::chrono::seconds(ttl_seconds));
    }
    bool erase(std::string_view key) override { return cache_.erase(key); }
    evo::cache_stats stats() override { return cache_.stats(); }

  private:
    memory_cache::lru_cache cache_;
};

} // namespace

EVO_CACHE_PLUGIN(memory)
