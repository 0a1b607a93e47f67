// The few SQLite functions the command store calls, taken from the evo-store.so module
// (store_module.cpp) on first use, so that evo's start never maps libsqlite3: evo NAME runs
// in shell loops, and evo --version must stay close to /bin/true.
#pragma once

#include <sqlite3.h>

#include <filesystem>

extern "C" {
// Filled by the module with SQLite's own functions; the layout is private to one build.
struct evo_sqlite_api {
    int (*open_v2)(const char*, sqlite3**, int, const char*);
    int (*close_v2)(sqlite3*);
    int (*exec)(sqlite3*, const char*, int (*)(void*, int, char**, char**), void*, char**);
    int (*prepare_v2)(sqlite3*, const char*, int, sqlite3_stmt**, const char**);
    int (*step)(sqlite3_stmt*);
    int (*finalize)(sqlite3_stmt*);
    int (*bind_text)(sqlite3_stmt*, int, const char*, int, void (*)(void*));
    int (*bind_blob)(sqlite3_stmt*, int, const void*, int, void (*)(void*));
    int (*bind_int64)(sqlite3_stmt*, int, sqlite3_int64);
    const void* (*column_blob)(sqlite3_stmt*, int);
    int (*column_bytes)(sqlite3_stmt*, int);
    sqlite3_int64 (*column_int64)(sqlite3_stmt*, int);
    const char* (*errmsg)(sqlite3*);
    const char* (*errstr)(int);
    int (*busy_timeout)(sqlite3*, int);
};
}

namespace evo::host {

// The loaded module's functions; throws store_error naming the module when it cannot load.
const evo_sqlite_api& sqlite();

// Where the module is: lib/evo/evo-store.so of the installation unless set here first (for
// test programs that do not live in the installation's bin/).
void use_sqlite_module(const std::filesystem::path& module);

} // namespace evo::host
