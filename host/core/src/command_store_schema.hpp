// The command store's tables, created on the first write and checked on every open.
#pragma once

#include "sqlite_connection.hpp"

namespace evo::host {

// The schema this evo writes and reads (PRAGMA user_version).
inline constexpr int command_store_schema = 1;

// Puts the database in WAL mode and creates the tables when it has none; store_error for a
// file that is not a database, one of another program, or one of a newer schema.
void prepare_command_store(sqlite_connection& db);

// For a read-only open: whether the tables are there (false: an empty database, an empty
// store); store_error as above.
bool check_command_store(sqlite_connection& db);

} // namespace evo::host
