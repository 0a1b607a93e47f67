#include "sqlite_connection.hpp"

#include <evo/host/command_store.hpp>

namespace evo::host {

sqlite_connection::sqlite_connection(std::filesystem::path file, bool read_only, int timeout_ms)
    : api(sqlite()), path(std::move(file)), busy_timeout_ms(timeout_ms) {
    const int flags =
        (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
        SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE | SQLITE_OPEN_EXRESCODE;
    const int code = api.open_v2(path.c_str(), &handle, flags, nullptr);
    if (code != SQLITE_OK) {
        const std::string why = handle ? api.errmsg(handle) : api.errstr(code);
        api.close_v2(handle);
        handle = nullptr;
        throw store_error(path.string() + ": " + why);
    }
    api.busy_timeout(handle, busy_timeout_ms);
}

sqlite_connection::~sqlite_connection() {
    api.close_v2(handle);
}

void sqlite_connection::exec(const char* sql) {
    const int code = api.exec(handle, sql, nullptr, nullptr, nullptr);
    if (code != SQLITE_OK) fail(code);
}

void sqlite_connection::fail(int code) const {
    const int primary = code & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        throw sqlite_busy(path.string() + ": database is locked (another evo held it for over " +
                          std::to_string(busy_timeout_ms / 1000) + " s)");
    throw store_error(path.string() + ": " + api.errmsg(handle));
}

sqlite_statement::sqlite_statement(sqlite_connection& db, std::string_view sql) : db_(db) {
    const int code = db_.api.prepare_v2(db_.handle, sql.data(), static_cast<int>(sql.size()),
                                        &statement_, nullptr);
    if (code != SQLITE_OK) db_.fail(code);
}

sqlite_statement::~sqlite_statement() {
    db_.api.finalize(statement_);
}

// An empty view may have no data pointer, which SQLite would bind as NULL rather than "".
sqlite_statement& sqlite_statement::bind(int index, std::string_view text) {
    const int code = db_.api.bind_text(statement_, index, text.empty() ? "" : text.data(),
                                       static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (code != SQLITE_OK) db_.fail(code);
    return *this;
}

sqlite_statement& sqlite_statement::bind_blob(int index, std::string_view bytes) {
    const int code = db_.api.bind_blob(statement_, index, bytes.empty() ? "" : bytes.data(),
                                       static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    if (code != SQLITE_OK) db_.fail(code);
    return *this;
}

sqlite_statement& sqlite_statement::bind(int index, int64_t value) {
    const int code = db_.api.bind_int64(statement_, index, value);
    if (code != SQLITE_OK) db_.fail(code);
    return *this;
}

bool sqlite_statement::step() {
    const int code = db_.api.step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    db_.fail(code);
}

std::string sqlite_statement::text(int column) const {
    // column_blob before column_bytes: the bytes are those of the value as the blob asked for.
    const auto* data = static_cast<const char*>(db_.api.column_blob(statement_, column));
    const int size = db_.api.column_bytes(statement_, column);
    return data ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

int64_t sqlite_statement::integer(int column) const {
    return db_.api.column_int64(statement_, column);
}

write_transaction::write_transaction(sqlite_connection& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

write_transaction::~write_transaction() {
    if (!done_) db_.api.exec(db_.handle, "ROLLBACK", nullptr, nullptr, nullptr);
}

void write_transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

} // namespace evo::host
