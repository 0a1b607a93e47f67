#pragma once

#include <evo/plugin.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace sqlite_cache {

struct limits {
    std::uint64_t max_bytes = 256ull << 20; // keys plus values
    std::chrono::seconds default_ttl{0};    // 0: entries never expire
};

// A cache in one SQLite database shared by every evo process that names the same file.
// Entries carry an expiry and a last-used time (unix seconds): expired entries are misses and
// are removed when met; a put that would exceed max_bytes evicts the least recently used.
//
// A cache must never fail a run: a database that cannot be opened, is locked past the busy
// timeout or is corrupt makes get() a miss (one warning through `warn`) and put() throw
// evo::error(EVO_ERR_UNAVAILABLE). Thread-safe: one connection behind a mutex.
class sqlite_store {
  public:
    using clock_fn = std::function<std::int64_t()>; // unix seconds
    using warn_fn = std::function<void(std::string_view)>;

    sqlite_store(const std::string& path, limits budget, warn_fn warn, clock_fn now = &unix_now);
    ~sqlite_store();
    sqlite_store(const sqlite_store&) = delete;
    sqlite_store& operator=(const sqlite_store&) = delete;

    std::optional<std::string> get(std::string_view key);
    // ttl 0: the default TTL. A value larger than max_bytes is not stored (and removes the
    // key's old value, which would otherwise be served stale).
    void put(std::string_view key, std::string_view value, std::chrono::seconds ttl);
    bool erase(std::string_view key);
    // hits, misses and evictions of this instance; entries and bytes of the database.
    evo::cache_stats stats();
    // Removes every entry of the database.
    void clear();
    // Removes expired entries, then least recently used ones while over max_bytes; returns
    // how many went.
    std::uint64_t gc();

    static std::int64_t unix_now();

  private:
    // Opens the database on first use, not when the instance is made: a run that never
    // consults the cache (evo manifest check) touches no file. False when it is broken.
    bool connected();
    void open(const std::string& path);
    int stored_schema_version();
    void warn_once(std::string_view what);
    [[noreturn]] void unavailable(std::string_view what);
    // `sql` (a string literal) prepared once and kept for the life of the connection: a get
    // is then a bind and a step, not a parse of its SQL.
    sqlite3_stmt* prepared(const char* sql);
    // A hit's new last-used time waits in touches_ and is written with the next put or gc (in
    // their transaction, before any eviction) or once enough have gathered: a get stays a
    // read, where an UPDATE per hit made it a write transaction of its own. Only LRU order
    // depends on them, and another process sees them a batch late at worst.
    void apply_touches();
    void flush_touches() noexcept;

    std::string path_;
    limits budget_;
    warn_fn warn_;
    clock_fn now_;
    std::mutex mutex_;
    sqlite3* db_ = nullptr;
    bool tried_ = false; // connected() has opened, or failed to open, the database
    std::unordered_map<const char*, sqlite3_stmt*> prepared_; // by the literal's address
    std::unordered_map<std::string, std::int64_t> touches_;   // key: its last hit, unwritten
    std::string broken_; // why the database could not be opened; empty when it was
    bool warned_ = false;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
    std::uint64_t evictions_ = 0;
};

} // namespace sqlite_cache
