#include "command_store_schema.hpp"

#include <evo/host/command_store.hpp>

#include <chrono>
#include <string>
#include <thread>

namespace evo::host {
namespace {

// versions: one row per registered version, never changed. history: which version of a name
// is current, one row per change (evolve, rollback, remove); the latest row of a name decides.
// The triggers make "append-only" a property of the file, not only of this code.
constexpr const char* create_tables = R"sql(
CREATE TABLE versions (
    name TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    language TEXT NOT NULL,
    description TEXT NOT NULL,
    code BLOB NOT NULL,
    tests BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    runner TEXT NOT NULL CHECK (runner <> ''),
    file TEXT NOT NULL CHECK (file NOT IN ('', '.', '..') AND instr(file, '/') = 0),
    request TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    report TEXT NOT NULL,
    permissions TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (name, version)
);
CREATE TABLE history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('evolve', 'rollback', 'remove')),
    version INTEGER NOT NULL,
    previous INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX history_by_name ON history (name, id);
CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
    BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
    BEGIN SELECT RAISE(ABORT, 'versions are append-only'); END;
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
)sql";

int64_t single_integer(sqlite_connection& db, const char* sql) {
    sqlite_statement query(db, sql);
    return query.step() ? query.integer(0) : 0;
}

std::string single_text(sqlite_connection& db, const char* sql) {
    sqlite_statement query(db, sql);
    return query.step() ? query.text(0) : std::string();
}

// Whether the tables are there: schema 0 with no tables is an empty database.
bool known_schema(sqlite_connection& db) {
    const int64_t schema = single_integer(db, "PRAGMA user_version");
    if (schema > command_store_schema)
        throw store_error(db.path.string() + ": written by a newer evo (store schema " +
                          std::to_string(schema) + "; this evo knows " +
                          std::to_string(command_store_schema) + ")");
    if (schema == command_store_schema) return true;
    if (single_integer(db, "SELECT count(*) FROM sqlite_master") != 0)
        throw store_error(db.path.string() +
                          ": not an evo command store (a database of something else)");
    return false;
}

} // namespace

// WAL mode is persistent once set, so only a new store switches to it. The switch needs the
// database to itself, and SQLite returns SQLITE_BUSY at once rather than calling the busy
// handler when another process is using it -- as when several evo processes create the store
// together: retried here within the busy timeout.
void switch_to_wal(sqlite_connection& db) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(db.busy_timeout_ms);
    for (;;) {
        try {
            if (single_text(db, "PRAGMA journal_mode") == "wal" ||
                single_text(db, "PRAGMA journal_mode=WAL") == "wal")
                return;
            throw store_error(db.path.string() + ": cannot switch the database to WAL mode");
        } catch (const sqlite_busy&) {
            if (std::chrono::steady_clock::now() >= deadline) throw;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

void prepare_command_store(sqlite_connection& db) {
    switch_to_wal(db);
    // FULL, not NORMAL: with WAL, NORMAL already survives a killed process (SIGKILL), but a
    // power loss could take back the last commits -- a version evo said it had registered, or
    // a rollback it reported. Changes are rare and made by a person, so one fsync each is cheap.
    db.exec("PRAGMA synchronous=FULL");
    write_transaction change(db); // two evo processes opening a new store create it once
    if (known_schema(db)) return;
    db.exec(create_tables);
    db.exec(("PRAGMA user_version=" + std::to_string(command_store_schema)).c_str());
    change.commit();
}

bool check_command_store(sqlite_connection& db) {
    return known_schema(db);
}

} // namespace evo::host
