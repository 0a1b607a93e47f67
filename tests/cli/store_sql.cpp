#include "store_sql.hpp"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>

namespace evo::test::store_sql {
namespace {

using database = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

database open(const std::filesystem::path& file) {
    sqlite3* db = nullptr;
    const int code = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    database owned(db, sqlite3_close);
    if (code != SQLITE_OK) throw std::runtime_error(file.string() + ": " + sqlite3_errstr(code));
    sqlite3_busy_timeout(db, 10'000);
    return owned;
}

} // namespace

std::string exec(const std::filesystem::path& file, const std::string& sql) {
    auto db = open(file);
    char* error = nullptr;
    const int code = sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    return code == SQLITE_OK ? "" : message.empty() ? sqlite3_errstr(code) : message;
}

std::vector<std::vector<std::string>> query(const std::filesystem::path& file,
                                            const std::string& sql) {
    auto db = open(file);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        throw std::runtime_error(sql + ": " + sqlite3_errmsg(db.get()));
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw, sqlite3_finalize);
    std::vector<std::vector<std::string>> rows;
    int code = 0;
    while ((code = sqlite3_step(raw)) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int i = 0; i < sqlite3_column_count(raw); ++i) {
            const auto* data = static_cast<const char*>(sqlite3_column_blob(raw, i));
            row.emplace_back(
                data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(raw, i)))
                     : "");
        }
        rows.push_back(std::move(row));
    }
    if (code != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db.get()));
    return rows;
}

} // namespace evo::test::store_sql
