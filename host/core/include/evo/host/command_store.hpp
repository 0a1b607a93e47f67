// The commands evo has evolved: every version of every command, and the history of which
// version was current when. SQLite (WAL) at $XDG_DATA_HOME/evo/commands.db; both tables are
// append-only, every change is one transaction, and several evo processes may use it at once.
// SQLite itself is loaded on first use (sqlite_api.hpp), never at evo's start.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

// One registered version of a command. Every field is stored; nothing is ever updated in place.
struct command_version {
    std::string name;
    int version = 0;            // 1, 2, ... per name; assigned by add_version
    std::string language;       // canonical: "python", "shell"
    std::string description;    // the user's words given to evo evolve
    std::string code;           // the program
    std::string tests;          // the tests generated with it
    std::string sha256;         // hex SHA-256 of code (computed by add_version if empty; checked on read)
    std::string runner;         // what runs it in the sandbox, RUNNER FILE ARGS..., e.g. "python3"
    std::string file;           // its file name in the sandbox's work directory, e.g. "command.py"
    std::string request;        // JSON: the provider request (messages, model, ...)
    std::string provider, model;
    std::string manifest_sha256;
    std::string report;         // JSON: the validation report (attempts, findings)
    std::string permissions;    // JSON: what it may do when run, e.g. {"network":false,"memory_mb":2048,...}
    std::string created_at;     // RFC 3339 UTC, set by add_version
};

struct command_summary {
    std::string name;
    int version = 0;
    std::string language, description;
};

struct history_entry {
    int64_t id = 0;             // increasing
    std::string name;
    std::string action;         // "evolve", "rollback", "remove"
    int version = 0;            // the current version after the change (0 after remove)
    int previous = 0;           // the current version before it (0 when none)
    std::string at;             // RFC 3339 UTC
};

// The store cannot be used: corrupt, locked for too long, of a newer schema, not a database,
// an I/O error. "<path>: what". The CLI exits 3.
class store_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// No such command or version, or no version to roll back to. The CLI exits 2.
class command_not_found_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class sqlite_connection;

// One connection to the store: use an instance from one thread at a time (each thread or
// process may open its own; SQLite serialises their changes).
class command_store {
public:
    // $XDG_DATA_HOME/evo/commands.db, else $HOME/.local/share/evo/commands.db.
    static std::filesystem::path default_path();
    // read_only: open without creating (a missing file is an empty store), for evo NAME's fast
    // path; the changing calls then throw store_error.
    explicit command_store(std::filesystem::path path, bool read_only = false);
    ~command_store();
    command_store(const command_store&) = delete;
    command_store& operator=(const command_store&) = delete;

    // The new version is the name's highest + 1 and becomes current; returns its number.
    // store_error when its runner is empty or its file is not a plain file name.
    int add_version(command_version v);
    // nullopt when there is no such command or it was removed; store_error when the stored
    // code does not match its SHA-256, or its runner or file is not one add_version accepts.
    std::optional<command_version> current(std::string_view name) const;
    std::optional<command_version> version(std::string_view name, int version) const;
    // Without `to`: the highest version below the current one, or after a remove the version
    // that was current then. Returns the new current version.
    int rollback(std::string_view name, std::optional<int> to);
    void remove(std::string_view name);
    std::vector<command_summary> list() const;  // current (not removed) commands, by name
    std::vector<history_entry> history(std::optional<std::string_view> name) const; // oldest first

    const std::filesystem::path& path() const noexcept { return path_; }

private:
    sqlite_connection& writable();
    int current_number(std::string_view name) const;

    std::filesystem::path path_;
    std::unique_ptr<sqlite_connection> db_; // null: a read-only open of a missing file
    bool read_only_;
};

} // namespace evo::host
