#pragma once

#include "lru_cache.hpp"

#include <cstddef>
#include <memory>
#include <vector>

namespace memory_cache {

// N lru_caches, each with its own mutex and a 1/N share of the budgets, chosen by a hash of
// the key: threads working on different keys rarely wait for one another. Least recently used
// is judged per shard, so eviction is approximately LRU over the whole cache.
class sharded_lru {
  public:
    // shards >= 1; each shard gets at least one byte and one entry of budget.
    sharded_lru(limits budget, std::size_t shards,
                lru_cache::clock_fn now = &lru_cache::clock::now);

    std::optional<std::string> get(std::string_view key) { return shard(key).get(key); }
    void put(std::string_view key, std::string_view value, std::chrono::seconds ttl) {
        shard(key).put(key, value, ttl);
    }
    bool erase(std::string_view key) { return shard(key).erase(key); }
    // Summed over the shards.
    evo::cache_stats stats() const;
    void clear();
    std::uint64_t gc();

    std::size_t shard_count() const noexcept { return shards_.size(); }
    // The shard that holds `key`, for tests that check budgets hold per shard.
    std::size_t shard_of(std::string_view key) const noexcept;

  private:
    lru_cache& shard(std::string_view key) { return *shards_[shard_of(key)]; }

    std::vector<std::unique_ptr<lru_cache>> shards_; // lru_cache holds a mutex: it cannot move
};

} // namespace memory_cache
