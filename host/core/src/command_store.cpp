#include <evo/host/command_store.hpp>

#include <evo/host/sha256.hpp>

#include "command_store_schema.hpp"
#include "sqlite_connection.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace evo::host {
namespace fs = std::filesystem;
namespace {

// Several evo processes may change the store at once; each change takes milliseconds, so a
// writer that waits this long is facing a stuck process, not a busy one.
constexpr int busy_timeout_ms = 10'000;

std::string now_rfc3339() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

// Missing directories are created 0700: the store holds what the user asked for and the
// provider's answers.
void create_private_directories(const fs::path& dir) {
    if (dir.empty() || fs::exists(dir)) return;
    create_private_directories(dir.parent_path());
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        throw store_error(dir.string() + ": cannot create the directory: " + std::strerror(errno));
}

constexpr const char* version_columns =
    "name, version, language, description, code, tests, sha256, runner, file, request, provider, "
    "model, manifest_sha256, report, permissions, created_at";

command_version read_version(const sqlite_statement& row) {
    command_version v;
    v.name = row.text(0);
    v.version = static_cast<int>(row.integer(1));
    v.language = row.text(2);
    v.description = row.text(3);
    v.code = row.text(4);
    v.tests = row.text(5);
    v.sha256 = row.text(6);
    v.runner = row.text(7);
    v.file = row.text(8);
    v.request = row.text(9);
    v.provider = row.text(10);
    v.model = row.text(11);
    v.manifest_sha256 = row.text(12);
    v.report = row.text(13);
    v.permissions = row.text(14);
    v.created_at = row.text(15);
    return v;
}

// How evo NAME runs a version: RUNNER FILE ARGS... with FILE in the sandbox's work directory.
// "" when it can, else what is wrong.
std::string unrunnable(const command_version& v) {
    if (v.runner.empty()) return "it has no runner";
    if (v.file.empty() || v.file == "." || v.file == ".." ||
        v.file.find('/') != std::string::npos || v.file.find('\0') != std::string::npos)
        return "its file '" + v.file + "' is not a plain file name";
    return "";
}

// The latest history entry of a name, if it has any.
struct latest_entry {
    int version = 0, previous = 0;
    std::string action;
};

std::optional<latest_entry> latest(sqlite_connection& db, std::string_view name) {
    sqlite_statement query(
        db,
        "SELECT version, previous, action FROM history WHERE name = ?1 ORDER BY id DESC LIMIT 1");
    query.bind(1, name);
    if (!query.step()) return std::nullopt;
    return latest_entry{static_cast<int>(query.integer(0)), static_cast<int>(query.integer(1)),
                        query.text(2)};
}

bool version_exists(sqlite_connection& db, std::string_view name, int version) {
    sqlite_statement query(db, "SELECT 1 FROM versions WHERE name = ?1 AND version = ?2");
    query.bind(1, name).bind(2, int64_t{version});
    return query.step();
}

void append_history(sqlite_connection& db, std::string_view name, const char* action, int version,
                    int previous) {
    sqlite_statement insert(
        db,
        "INSERT INTO history (name, action, version, previous, at) VALUES (?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, name)
        .bind(2, action)
        .bind(3, int64_t{version})
        .bind(4, int64_t{previous})
        .bind(5, now_rfc3339());
    insert.step();
}

} // namespace

fs::path command_store::default_path() {
    const char* data = std::getenv("XDG_DATA_HOME");
    if (data && *data && fs::path(data).is_absolute()) return fs::path(data) / "evo/commands.db";
    const char* home = std::getenv("HOME");
    if (home && *home) return fs::path(home) / ".local/share/evo/commands.db";
    throw store_error("cannot locate the command store: set XDG_DATA_HOME or HOME");
}

command_store::command_store(fs::path path, bool read_only)
    : path_(std::move(path)), read_only_(read_only) {
    if (read_only) {
        // A store never written is an empty one; reading it creates nothing.
        if (!fs::exists(path_)) return;
        db_ = std::make_unique<sqlite_connection>(path_, true, busy_timeout_ms);
        if (!check_command_store(*db_)) db_.reset();
        return;
    }
    create_private_directories(path_.parent_path());
    db_ = std::make_unique<sqlite_connection>(path_, false, busy_timeout_ms);
    prepare_command_store(*db_);
}

command_store::~command_store() = default;

sqlite_connection& command_store::writable() {
    if (read_only_) throw store_error(path_.string() + ": opened read-only");
    return *db_;
}

int command_store::current_number(std::string_view name) const {
    if (!db_) return 0;
    auto entry = latest(*db_, name);
    return entry ? entry->version : 0;
}

int command_store::add_version(command_version v) {
    auto& db = writable();
    const std::string digest = sha256_hex(v.code);
    if (v.sha256.empty()) v.sha256 = digest;
    if (v.sha256 != digest)
        throw store_error(path_.string() + ": " + v.name +
                          ": the SHA-256 given is not that of the code");
    if (auto why = unrunnable(v); !why.empty())
        throw store_error(path_.string() + ": " + v.name + ": " + why);
    v.created_at = now_rfc3339();
    write_transaction change(db);
    {
        sqlite_statement highest(db,
                                 "SELECT coalesce(max(version), 0) FROM versions WHERE name = ?1");
        highest.bind(1, v.name);
        highest.step();
        v.version = static_cast<int>(highest.integer(0)) + 1;
    }
    const int previous = current_number(v.name);
    sqlite_statement insert(
        db, "INSERT INTO versions (" + std::string(version_columns) +
                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    insert.bind(1, v.name).bind(2, int64_t{v.version}).bind(3, v.language).bind(4, v.description);
    insert.bind_blob(5, v.code)
        .bind_blob(6, v.tests)
        .bind(7, v.sha256)
        .bind(8, v.runner)
        .bind(9, v.file)
        .bind(10, v.request);
    insert.bind(11, v.provider).bind(12, v.model).bind(13, v.manifest_sha256).bind(14, v.report);
    insert.bind(15, v.permissions).bind(16, v.created_at);
    insert.step();
    append_history(db, v.name, "evolve", v.version, previous);
    change.commit();
    return v.version;
}

std::optional<command_version> command_store::version(std::string_view name, int number) const {
    if (!db_) return std::nullopt;
    sqlite_statement query(*db_, "SELECT " + std::string(version_columns) +
                                     " FROM versions WHERE name = ?1 AND version = ?2");
    query.bind(1, name).bind(2, int64_t{number});
    if (!query.step()) return std::nullopt;
    command_version v = read_version(query);
    if (sha256_hex(v.code) != v.sha256)
        throw store_error(
            path_.string() + ": " + v.name + " version " + std::to_string(v.version) +
            ": the code does not match its SHA-256 (the store was changed outside evo)");
    if (auto why = unrunnable(v); !why.empty())
        throw store_error(path_.string() + ": " + v.name + " version " + std::to_string(v.version) +
                          ": " + why + " (the store was changed outside evo)");
    return v;
}

std::optional<command_version> command_store::current(std::string_view name) const {
    const int number = current_number(name);
    if (number == 0) return std::nullopt;
    auto v = version(name, number);
    if (!v)
        throw store_error(path_.string() + ": " + std::string(name) +
                          ": its history names version " + std::to_string(number) +
                          ", which is not stored");
    return v;
}

int command_store::rollback(std::string_view name, std::optional<int> to) {
    auto& db = writable();
    write_transaction change(db);
    const auto last = latest(db, name);
    if (!last) throw command_not_found_error("no command " + std::string(name));
    const int from = last->version;
    int target = 0;
    if (to) {
        if (*to == from)
            throw command_not_found_error(std::string(name) + " is already at version " +
                                          std::to_string(*to));
        if (!version_exists(db, name, *to))
            throw command_not_found_error(std::string(name) + " has no version " +
                                          std::to_string(*to));
        target = *to;
    } else if (from == 0) {
        // Removed: back to what was current when it was removed.
        target = last->previous;
        if (target == 0) throw command_not_found_error("no command " + std::string(name));
    } else {
        sqlite_statement below(
            db, "SELECT coalesce(max(version), 0) FROM versions WHERE name = ?1 AND version < ?2");
        below.bind(1, name).bind(2, int64_t{from});
        below.step();
        target = static_cast<int>(below.integer(0));
        if (target == 0)
            throw command_not_found_error(std::string(name) +
                                          " is at its first version; nothing to roll back to");
    }
    append_history(db, name, "rollback", target, from);
    change.commit();
    return target;
}

void command_store::remove(std::string_view name) {
    auto& db = writable();
    write_transaction change(db);
    const auto last = latest(db, name);
    if (!last || last->version == 0)
        throw command_not_found_error("no command " + std::string(name));
    append_history(db, name, "remove", 0, last->version);
    change.commit();
}

std::vector<command_summary> command_store::list() const {
    std::vector<command_summary> commands;
    if (!db_) return commands;
    // The latest history entry of each name, joined with the version it makes current; a
    // removed command's entry (version 0) joins nothing.
    sqlite_statement query(*db_, R"sql(
        SELECT v.name, v.version, v.language, v.description
        FROM history h JOIN versions v ON v.name = h.name AND v.version = h.version
        WHERE h.id = (SELECT max(id) FROM history WHERE name = h.name)
        ORDER BY v.name)sql");
    while (query.step())
        commands.push_back(
            {query.text(0), static_cast<int>(query.integer(1)), query.text(2), query.text(3)});
    return commands;
}

std::vector<history_entry> command_store::history(std::optional<std::string_view> name) const {
    std::vector<history_entry> entries;
    if (!db_) return entries;
    sqlite_statement query(
        *db_, name ? "SELECT id, name, action, version, previous, at FROM history WHERE name = ?1 "
                     "ORDER BY id"
                   : "SELECT id, name, action, version, previous, at FROM history ORDER BY id");
    if (name) query.bind(1, *name);
    while (query.step())
        entries.push_back({query.integer(0), query.text(1), query.text(2),
                           static_cast<int>(query.integer(3)), static_cast<int>(query.integer(4)),
                           query.text(5)});
    return entries;
}

} // namespace evo::host
