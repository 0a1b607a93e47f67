// sqlite: a cache in one SQLite database shared by every evo process (see sqlite_store.hpp).
#include "default_path.hpp"
#include "sqlite_store.hpp"

namespace {

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    "path": {"type": "string", "format": "path",
             "description": "the database; default $XDG_CACHE_HOME/evo/cache.db, else $HOME/.cache/evo/cache.db"},
    "max_bytes": {"type": "integer", "minimum": 1, "default": 268435456,
                  "description": "budget for keys plus values; least recently used entries go first"},
    "default_ttl_seconds": {"type": "integer", "minimum": 0, "maximum": 4294967295,
                            "default": 0, "description": "0: entries never expire"}
  },
  "additionalProperties": false
})";

sqlite_cache::limits configured_limits(const boost::json::object& config) {
    sqlite_cache::limits budget;
    budget.max_bytes = evo::config_value<std::uint64_t>(config, "max_bytes", budget.max_bytes);
    budget.default_ttl = std::chrono::seconds(evo::config_value<std::uint32_t>(
        config, "default_ttl_seconds", static_cast<std::uint32_t>(budget.default_ttl.count())));
    if (budget.max_bytes == 0)
        throw evo::error(EVO_ERR_INVALID_ARGUMENT, "config: max_bytes must be >= 1");
    return budget;
}

class sqlite final : public evo::cache {
  public:
    static constexpr evo::plugin_info info{
        "sqlite", "1.0.0", "persistent LRU cache in one SQLite database, shared by processes",
        schema, EVO_FLAG_THREAD_SAFE};

    sqlite(evo::host_services host, const boost::json::object& config)
        : store_(evo::config_value<std::string>(config, "path", sqlite_cache::default_path()),
                 configured_limits(config),
                 [host](std::string_view message) { host.log(EVO_LOG_WARN, message); }) {}

    std::optional<std::string> get(std::string_view key) override { return store_.get(key); }
    void put(std::string_view key, std::string_view value, uint32_t ttl_seconds) override {
        store_.put(key, value, std::chrono::seconds(ttl_seconds));
    }
    bool erase(std::string_view key) override { return store_.erase(key); }
    evo::cache_stats stats() override { return store_.stats(); }
    void clear() override { store_.clear(); }
    uint64_t gc() override { return store_.gc(); }

  private:
    sqlite_cache::sqlite_store store_;
};

} // namespace

EVO_CACHE_PLUGIN(sqlite)
