// The attempt log's tables, created on the first write and checked on every open.
#pragma once

#include "sqlite_connection.hpp"

namespace evo::host {

// The schema this evo writes and reads (PRAGMA user_version): a later evo migrates from it.
inline constexpr int attempt_log_schema = 1;

// WAL mode, and the tables when the database has none; store_error for a file that is not a
// database, another program's, a newer evo's, or when this SQLite lacks FTS5.
void prepare_attempt_log(sqlite_connection& db);

// For a read-only open: whether the tables are there (false: an empty database); store_error
// as above.
bool check_attempt_log(sqlite_connection& db);

// store_error naming the file when this SQLite was built without FTS5.
void require_fts5(sqlite_connection& db);

} // namespace evo::host
