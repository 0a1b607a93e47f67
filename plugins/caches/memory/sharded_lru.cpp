#include "sharded_lru.hpp"

#include <algorithm>
#include <functional>

namespace memory_cache {

sharded_lru::sharded_lru(limits budget, std::size_t shards, lru_cache::clock_fn now) {
    shards = std::max<std::size_t>(shards, 1);
    limits share = budget;
    share.max_bytes = std::max<std::uint64_t>(budget.max_bytes / shards, 1);
    share.max_entries = std::max<std::uint64_t>(budget.max_entries / shards, 1);
    shards_.reserve(shards);
    for (std::size_t i = 0; i < shards; ++i)
        shards_.push_back(std::make_unique<lru_cache>(share, now));
}

std::size_t sharded_lru::shard_of(std::string_view key) const noexcept {
    return std::hash<std::string_view>{}(key) % shards_.size();
}

evo::cache_stats sharded_lru::stats() const {
    evo::cache_stats total;
    for (const auto& s : shards_) {
        evo::cache_stats one = s->stats();
        total.hits += one.hits;
        total.misses += one.misses;
        total.entries += one.entries;
        total.bytes += one.bytes;
        total.evictions += one.evictions;
    }
    return total;
}

void sharded_lru::clear() {
    for (auto& s : shards_)
        s->clear();
}

std::uint64_t sharded_lru::gc() {
    std::uint64_t removed = 0;
    for (auto& s : shards_)
        removed += s->gc();
    return removed;
}

} // namespace memory_cache
