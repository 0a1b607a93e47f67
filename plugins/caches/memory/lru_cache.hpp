#pragma once

#include <evo/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace memory_cache {

struct limits {
    std::uint64_t max_bytes = 64ull << 20; // keys plus values
    std::uint64_t max_entries = 100000;
    std::chrono::seconds default_ttl{3600}; // 0: entries never expire
};

// A least-recently-used map with a time to live per entry and budgets for bytes and entries.
// Every operation is O(1) (amortised) and thread-safe. The clock is injectable so expiry can
// be tested without waiting.
class lru_cache {
  public:
    using clock = std::chrono::steady_clock;
    using clock_fn = std::function<clock::time_point()>;

    explicit lru_cache(limits budget, clock_fn now = &clock::now);

    // The value, refreshed as most recently used; nullopt when absent or expired.
    std::optional<std::string> get(std::string_view key);
    // Stores value (ttl 0: the default TTL), evicting least recently used entries to make
    // room. A value that could never fit the budget is not stored (and replaces nothing).
    void put(std::string_view key, std::string_view value, std::chrono::seconds ttl);
    // False when the key was absent.
    bool erase(std::string_view key);
    evo::cache_stats stats() const;
    // Removes every entry; the counters stay.
    void clear();
    // Removes expired entries now; returns how many went.
    std::uint64_t gc();

  private:
    struct entry {
        std::string key;
        std::string value;
        std::optional<clock::time_point> expires;
        std::uint64_t bytes() const noexcept { return key.size() + value.size(); }
    };
    using entry_list = std::list<entry>; // front: most recently used

    void remove(entry_list::iterator it);
    void make_room_for(std::uint64_t bytes);

    limits budget_;
    clock_fn now_;
    mutable std::mutex mutex_;
    entry_list entries_;
    // Keys view the strings owned by the list nodes, which never move.
    std::unordered_map<std::string_view, entry_list::iterator> index_;
    std::uint64_t bytes_ = 0;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
    std::uint64_t evictions_ = 0;
};

} // namespace memory_cache
