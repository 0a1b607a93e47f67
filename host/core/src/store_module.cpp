// evo-store.so: hands the host SQLite's functions. A module of its own so that libsqlite3
// loads only when a command of the store runs (sqlite_loader.cpp), not at every evo start.
#include "sqlite_api.hpp"

extern "C" __attribute__((visibility("default"))) const evo_sqlite_api* evo_store_sqlite_api() {
    static const evo_sqlite_api api{
        sqlite3_open_v2,    sqlite3_close_v2,    sqlite3_exec,         sqlite3_prepare_v2,
        sqlite3_step,       sqlite3_finalize,    sqlite3_bind_text,    sqlite3_bind_blob,
        sqlite3_bind_int64, sqlite3_column_blob, sqlite3_column_bytes, sqlite3_column_int64,
        sqlite3_errmsg,     sqlite3_errstr,      sqlite3_busy_timeout,
    };
    return &api;
}
