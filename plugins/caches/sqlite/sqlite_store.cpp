#include "sqlite_store.hpp"

#include "default_path.hpp"

#include <sqlite3.h>

#include <stdexcept>
#include <thread>

namespace sqlite_cache {
namespace {

// How long a writer waits for another process's write transaction before giving up.
constexpr int busy_timeout_ms = 5000;
// A hit refreshes the entry's last-used time only when it is at least this old: most reads
// then stay reads, and LRU order is still right to within a few seconds.
constexpr std::int64_t use_refresh_seconds = 2;
// Hits whose last-used times are written together (sqlite_store::apply_touches).
constexpr std::size_t touch_batch = 256;

// Entry sizes are kept in `totals` by triggers, so the budget check never scans the table.
// Times are unix seconds; expires 0 means never.
constexpr const char* schema_sql = R"(
CREATE TABLE IF NOT EXISTS entries(
  id INTEGER PRIMARY KEY,
  key BLOB NOT NULL UNIQUE,
  value BLOB NOT NULL,
  bytes INTEGER NOT NULL,
  expires INTEGER NOT NULL,
  used INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS entries_by_use ON entries(used, id);
CREATE TABLE IF NOT EXISTS totals(id INTEGER PRIMARY KEY CHECK (id = 0), bytes INTEGER NOT NULL);
INSERT OR IGNORE INTO totals VALUES (0, 0);
CREATE TRIGGER IF NOT EXISTS entries_inserted AFTER INSERT ON entries
  BEGIN UPDATE totals SET bytes = bytes + new.bytes; END;
CREATE TRIGGER IF NOT EXISTS entries_deleted AFTER DELETE ON entries
  BEGIN UPDATE totals SET bytes = bytes - old.bytes; END;
CREATE TRIGGER IF NOT EXISTS entries_updated AFTER UPDATE OF bytes ON entries
  BEGIN UPDATE totals SET bytes = bytes - old.bytes + new.bytes; END;
)";

// Written to the file's user_version by the set-up, after the schema: an open that reads it
// skips the set-up (a WAL switch and a write transaction of DDL), which a cache hit in a fresh
// process would otherwise pay every run. Raise it with any change to schema_sql.
constexpr int schema_version = 1;

struct sqlite_failure : std::runtime_error {
    explicit sqlite_failure(sqlite3* db)
        : std::runtime_error(sqlite3_errmsg(db)), code(sqlite3_errcode(db) & 0xff) {}
    int code; // the primary result code
};

void exec(sqlite3* db, const char* sql) {
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) throw sqlite_failure(db);
}

// One use of a kept prepared statement (sqlite_store::prepared): reset and unbound when this
// goes away, so it holds no read transaction open and no value of the last call.
class statement {
  public:
    statement(sqlite3* db, sqlite3_stmt* kept) : db_(db), stmt_(kept) {}
    ~statement() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;

    statement& bind(int at, std::string_view blob) {
        // A null pointer would bind NULL rather than an empty blob.
        const char* data = blob.data() ? blob.data() : "";
        check(sqlite3_bind_blob64(stmt_, at, data, blob.size(), SQLITE_TRANSIENT));
        return *this;
    }
    statement& bind(int at, std::int64_t number) {
        check(sqlite3_bind_int64(stmt_, at, number));
        return *this;
    }
    // True while there is a row.
    bool step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw sqlite_failure(db_);
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
    std::string blob(int column) const {
        auto data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
        return data ? std::string(data,
                                  static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                    : std::string();
    }

  private:
    void check(int rc) const {
        if (rc != SQLITE_OK) throw sqlite_failure(db_);
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// A write transaction: BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy
// timeout), so two processes never both read then fail to upgrade. Rolled back unless committed.
class write_transaction {
  public:
    explicit write_transaction(sqlite3* db) : db_(db) { exec(db, "BEGIN IMMEDIATE"); }
    ~write_transaction() {
        if (!committed_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    write_transaction(const write_transaction&) = delete;
    write_transaction& operator=(const write_transaction&) = delete;
    void commit() {
        exec(db_, "COMMIT");
        committed_ = true;
    }

  private:
    sqlite3* db_;
    bool committed_ = false;
};

// Two processes that open a new database at once both set it up: switching it to WAL then
// answers SQLITE_BUSY at once, without waiting in the busy handler. Retried, with a short
// sleep, for as long as the busy timeout allows a writer to wait.
template <class Step> void while_busy(Step step) {
    constexpr auto pause = std::chrono::milliseconds(5);
    for (auto waited = std::chrono::milliseconds(0);; waited += pause) {
        try {
            return step();
        } catch (const sqlite_failure& e) {
            const bool busy = e.code == SQLITE_BUSY || e.code == SQLITE_LOCKED;
            if (!busy || waited.count() >= busy_timeout_ms) throw;
        }
        std::this_thread::sleep_for(pause);
    }
}

} // namespace

sqlite_store::sqlite_store(const std::string& path, limits budget, warn_fn warn, clock_fn now)
    : path_(path), budget_(budget), warn_(std::move(warn)), now_(std::move(now)) {}

bool sqlite_store::connected() {
    if (tried_) return db_ != nullptr;
    tried_ = true;
    try {
        open(path_);
    } catch (const std::exception& e) {
        if (db_) sqlite3_close(db_);
        db_ = nullptr;
        broken_ = "cache database " + (path_.empty() ? std::string("(no path)") : path_) + ": " +
                  e.what();
    }
    return db_ != nullptr;
}

sqlite_store::~sqlite_store() {
    if (db_) flush_touches();
    for (auto& [sql, stmt] : prepared_)
        sqlite3_finalize(stmt);
    if (db_) sqlite3_close(db_);
}

void sqlite_store::apply_touches() {
    for (const auto& [key, used] : touches_) {
        statement touch(db_, prepared("UPDATE entries SET used = ?1 WHERE key = ?2 AND used < ?1"));
        touch.bind(1, used).bind(2, key).step();
    }
    touches_.clear();
}

void sqlite_store::flush_touches() noexcept {
    if (touches_.empty()) return;
    try {
        write_transaction txn(db_);
        apply_touches();
        txn.commit();
    } catch (const sqlite_failure&) {
        // Only LRU order is lost, and only for these hits.
    }
    touches_.clear();
}

sqlite3_stmt* sqlite_store::prepared(const char* sql) {
    auto [at, added] = prepared_.try_emplace(sql, nullptr);
    if (!added) return at->second;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &at->second, nullptr) !=
        SQLITE_OK) {
        prepared_.erase(at);
        throw sqlite_failure(db_);
    }
    return at->second;
}

std::int64_t sqlite_store::unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void sqlite_store::open(const std::string& path) {
    if (path.empty()) throw std::runtime_error("neither XDG_CACHE_HOME nor HOME is set");
    create_parent_directories(path);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) throw sqlite_failure(db_);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    // Durable across a killed process: in WAL mode a commit has written its frames to the WAL
    // file (write(2)) before COMMIT returns; NORMAL only skips the fsync, so the kernel's page
    // cache holds every committed transaction whatever happens to the process. Only an OS
    // crash or power loss can lose the last commits, and even then the database stays
    // consistent: acceptable for a cache, and it saves an fsync per put.
    exec(db_, "PRAGMA synchronous = NORMAL");
    if (stored_schema_version() == schema_version) return; // WAL is a property of the file
    while_busy([&] { exec(db_, "PRAGMA journal_mode = WAL"); });
    while_busy([&] {
        write_transaction schema(db_);
        exec(db_, schema_sql);
        exec(db_, ("PRAGMA user_version = " + std::to_string(schema_version)).c_str());
        schema.commit();
    });
}

int sqlite_store::stored_schema_version() {
    int version = 0;
    while_busy([&] {
        statement read(db_, prepared("PRAGMA user_version"));
        version = read.step() ? static_cast<int>(read.integer(0)) : 0;
    });
    return version;
}

void sqlite_store::warn_once(std::string_view what) {
    if (warned_) return;
    warned_ = true;
    if (warn_) warn_(std::string(what) + "; the cache serves misses");
}

void sqlite_store::unavailable(std::string_view what) {
    throw evo::error(EVO_ERR_UNAVAILABLE, std::string(what));
}

std::optional<std::string> sqlite_store::get(std::string_view key) {
    std::lock_guard lock(mutex_);
    if (!connected()) {
        warn_once(broken_);
        ++misses_;
        return std::nullopt;
    }
    try {
        const std::int64_t now = now_();
        std::string value;
        std::int64_t used = 0;
        {
            statement find(db_, prepared("SELECT value, expires, used FROM entries WHERE key = ?"));
            find.bind(1, key);
            if (!find.step()) {
                ++misses_;
                return std::nullopt;
            }
            const std::int64_t expires = find.integer(1);
            if (expires != 0 && now >= expires) {
                ++misses_;
                // Lazy removal; a failure only leaves the expired entry for next time.
                try {
                    statement drop(db_,
                                   prepared("DELETE FROM entries WHERE key = ? AND expires = ?"));
                    drop.bind(1, key).bind(2, expires).step();
                } catch (const sqlite_failure&) {
                }
                return std::nullopt;
            }
            value = find.blob(0);
            used = find.integer(2);
        }
        if (now - used >= use_refresh_seconds) {
            touches_.insert_or_assign(std::string(key), now);
            if (touches_.size() >= touch_batch) flush_touches();
        }
        ++hits_;
        return value;
    } catch (const sqlite_failure& e) {
        warn_once("cache database: " + std::string(e.what()));
        ++misses_;
        return std::nullopt;
    }
}

void sqlite_store::put(std::string_view key, std::string_view value, std::chrono::seconds ttl) {
    std::lock_guard lock(mutex_);
    if (!connected()) unavailable(broken_);
    try {
        const std::int64_t now = now_();
        const std::uint64_t bytes = key.size() + value.size();
        if (ttl.count() == 0) ttl = budget_.default_ttl;
        const std::int64_t expires = ttl.count() > 0 ? now + ttl.count() : 0;

        write_transaction txn(db_);
        apply_touches();
        if (bytes > budget_.max_bytes) {
            statement drop(db_, prepared("DELETE FROM entries WHERE key = ?"));
            drop.bind(1, key).step();
            txn.commit();
            return;
        }
        statement upsert(db_, prepared("INSERT INTO entries(key, value, bytes, expires, used) "
                                       "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(key) DO UPDATE SET "
                                       "value = excluded.value, bytes = excluded.bytes, "
                                       "expires = excluded.expires, used = excluded.used"));
        upsert.bind(1, key)
            .bind(2, value)
            .bind(3, static_cast<std::int64_t>(bytes))
            .bind(4, expires)
            .bind(5, now)
            .step();

        auto over_budget = [&] {
            statement total(db_, prepared("SELECT bytes FROM totals"));
            return total.step() && static_cast<std::uint64_t>(total.integer(0)) > budget_.max_bytes;
        };
        if (over_budget()) {
            // Expired entries go first: they are not evictions, only overdue removals.
            statement expired(db_,
                              prepared("DELETE FROM entries WHERE expires != 0 AND expires <= ?"));
            expired.bind(1, now).step();
        }
        while (over_budget()) {
            statement evict(db_, prepared("DELETE FROM entries WHERE id = (SELECT id FROM entries "
                                          "WHERE key != ? ORDER BY used, id LIMIT 1)"));
            evict.bind(1, key).step();
            if (sqlite3_changes(db_) == 0) break;
            ++evictions_;
        }
        txn.commit();
    } catch (const sqlite_failure& e) {
        unavailable("cache database: " + std::string(e.what()));
    }
}

bool sqlite_store::erase(std::string_view key) {
    std::lock_guard lock(mutex_);
    if (!connected()) unavailable(broken_);
    try {
        statement drop(db_, prepared("DELETE FROM entries WHERE key = ?"));
        drop.bind(1, key).step();
        return sqlite3_changes(db_) > 0;
    } catch (const sqlite_failure& e) {
        unavailable("cache database: " + std::string(e.what()));
    }
}

void sqlite_store::clear() {
    std::lock_guard lock(mutex_);
    if (!connected()) unavailable(broken_);
    try {
        write_transaction txn(db_);
        exec(db_, "DELETE FROM entries");
        txn.commit();
    } catch (const sqlite_failure& e) {
        unavailable("cache database: " + std::string(e.what()));
    }
}

std::uint64_t sqlite_store::gc() {
    std::lock_guard lock(mutex_);
    if (!connected()) unavailable(broken_);
    try {
        write_transaction txn(db_);
        apply_touches();
        statement expired(db_, prepared("DELETE FROM entries WHERE expires != 0 AND expires <= ?"));
        expired.bind(1, now_()).step();
        auto removed = static_cast<std::uint64_t>(sqlite3_changes(db_));
        // A smaller max_bytes than the database was filled with is enforced here too.
        auto over_budget = [&] {
            statement total(db_, prepared("SELECT bytes FROM totals"));
            return total.step() && static_cast<std::uint64_t>(total.integer(0)) > budget_.max_bytes;
        };
        while (over_budget()) {
            statement evict(db_, prepared("DELETE FROM entries WHERE id = (SELECT id FROM entries "
                                          "ORDER BY used, id LIMIT 1)"));
            evict.step();
            if (sqlite3_changes(db_) == 0) break;
            ++evictions_;
            ++removed;
        }
        txn.commit();
        return removed;
    } catch (const sqlite_failure& e) {
        unavailable("cache database: " + std::string(e.what()));
    }
}

evo::cache_stats sqlite_store::stats() {
    std::lock_guard lock(mutex_);
    evo::cache_stats out{hits_, misses_, 0, 0, evictions_};
    if (!connected()) return out;
    try {
        statement totals(
            db_, prepared("SELECT (SELECT count(*) FROM entries), (SELECT bytes FROM totals)"));
        if (totals.step()) {
            out.entries = static_cast<std::uint64_t>(totals.integer(0));
            out.bytes = static_cast<std::uint64_t>(totals.integer(1));
        }
    } catch (const sqlite_failure&) {
        // The database's figures are unknown; this instance's own counts still stand.
    }
    return out;
}

} // namespace sqlite_cache
