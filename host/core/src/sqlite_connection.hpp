// One connection to an SQLite database through the loaded module (sqlite_api.hpp), and its
// prepared statements; every failure becomes a store_error "<path>: what".
#pragma once

#include "sqlite_api.hpp"

#include <evo/host/command_store.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace evo::host {

// SQLITE_BUSY or SQLITE_LOCKED: another connection held the lock past the busy timeout, or
// SQLite chose not to wait (see prepare_command_store).
class sqlite_busy : public store_error {
  public:
    using store_error::store_error;
};

class sqlite_connection {
  public:
    // Opens (read_only: without creating) and waits up to busy_timeout_ms for other writers.
    sqlite_connection(std::filesystem::path path, bool read_only, int busy_timeout_ms);
    ~sqlite_connection();
    sqlite_connection(const sqlite_connection&) = delete;
    sqlite_connection& operator=(const sqlite_connection&) = delete;

    void exec(const char* sql);
    // A store_error naming the file and what SQLite said about `code`.
    [[noreturn]] void fail(int code) const;

    const evo_sqlite_api& api;
    sqlite3* handle = nullptr;
    const std::filesystem::path path;
    const int busy_timeout_ms;
};

// Puts the database in WAL mode (persistent), retrying within the busy timeout: SQLite does not
// wait for the lock this switch needs (command_store_schema.cpp).
void switch_to_wal(sqlite_connection& db);

class sqlite_statement {
  public:
    sqlite_statement(sqlite_connection& db, std::string_view sql);
    ~sqlite_statement();
    sqlite_statement(const sqlite_statement&) = delete;
    sqlite_statement& operator=(const sqlite_statement&) = delete;

    // Parameters are numbered from 1, as in SQL's ?1.
    sqlite_statement& bind(int index, std::string_view text);
    sqlite_statement& bind_blob(int index, std::string_view bytes);
    sqlite_statement& bind(int index, int64_t value);
    // true: a row is ready; false: the statement is done.
    bool step();
    // Columns are numbered from 0.
    std::string text(int column) const;
    int64_t integer(int column) const;

  private:
    sqlite_connection& db_;
    sqlite3_stmt* statement_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT: takes the write lock first, so a change never has to upgrade a
// read lock (which SQLite refuses with SQLITE_BUSY whatever the busy timeout); rolled back
// unless committed.
class write_transaction {
  public:
    explicit write_transaction(sqlite_connection& db);
    ~write_transaction();
    write_transaction(const write_transaction&) = delete;
    write_transaction& operator=(const write_transaction&) = delete;
    void commit();

  private:
    sqlite_connection& db_;
    bool done_ = false;
};

} // namespace evo::host
