#include "attempt_log_schema.hpp"

#include <string>

namespace evo::host {
namespace {

// attempts: one row per provider call or cache hit, never changed. attempts_text: the FTS5
// index of its prompt, response and error (external content: the text is stored once),
// kept by the trigger.
constexpr const char* create_tables = R"sql(
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time_ms INTEGER NOT NULL,
    run TEXT NOT NULL,
    command TEXT NOT NULL,
    prompt TEXT NOT NULL,
    language TEXT NOT NULL,
    round INTEGER NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    milliseconds INTEGER NOT NULL,
    first_text_milliseconds INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    error TEXT NOT NULL,
    findings TEXT NOT NULL,
    cache TEXT NOT NULL CHECK (cache IN ('hit', 'miss', 'off')),
    response TEXT NOT NULL
);
CREATE INDEX attempts_by_time ON attempts (time_ms, id);
CREATE VIRTUAL TABLE attempts_text USING fts5(prompt, response, error, content='attempts',
                                              content_rowid='id');
CREATE TRIGGER attempts_indexed AFTER INSERT ON attempts BEGIN
    INSERT INTO attempts_text (rowid, prompt, response, error)
        VALUES (new.id, new.prompt, new.response, new.error);
END;
)sql";

int64_t single_integer(sqlite_connection& db, const char* sql) {
    sqlite_statement query(db, sql);
    return query.step() ? query.integer(0) : 0;
}

// Whether the tables are there: schema 0 with no tables is an empty database.
bool known_schema(sqlite_connection& db) {
    const int64_t schema = single_integer(db, "PRAGMA user_version");
    if (schema > attempt_log_schema)
        throw store_error(db.path.string() + ": written by a newer evo (attempt log schema " +
                          std::to_string(schema) + "; this evo knows " +
                          std::to_string(attempt_log_schema) + ")");
    if (schema == attempt_log_schema) return true;
    if (single_integer(db, "SELECT count(*) FROM sqlite_master") != 0)
        throw store_error(db.path.string() +
                          ": not an evo attempt log (a database of something else)");
    return false;
}

// known_schema's reads from one snapshot: as statements of their own, another evo creating the
// log could commit between them, and its tables would be seen without its version.
bool known_schema_in_one_snapshot(sqlite_connection& db) {
    db.exec("BEGIN");
    try {
        const bool known = known_schema(db);
        db.exec("COMMIT");
        return known;
    } catch (...) {
        db.api.exec(db.handle, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

} // namespace

void require_fts5(sqlite_connection& db) {
    if (single_integer(db, "SELECT sqlite_compileoption_used('ENABLE_FTS5')") == 0)
        throw store_error(db.path.string() +
                          ": this system's SQLite lacks FTS5, which the attempt log needs");
}

void prepare_attempt_log(sqlite_connection& db) {
    // Checked before anything is written: another program's database is left as it was.
    if (!known_schema_in_one_snapshot(db)) {
        require_fts5(db);
        switch_to_wal(db);
        write_transaction change(db); // two evo processes creating the log create it once
        if (!known_schema(db)) {
            db.exec(create_tables);
            db.exec(("PRAGMA user_version=" + std::to_string(attempt_log_schema)).c_str());
        }
        change.commit();
    }
    // OFF (per connection): the log is a record of runs, not state evo depends on. Under NORMAL
    // the checkpoint at every close made three fsyncs, which on a busy disk kept `evo gen`
    // waiting 1-30 ms for other programs' writes. With WAL a killed evo still loses nothing;
    // an OS crash or power loss may lose the last rows, or at worst damage the file, which evo
    // then reports (one warning, `evo log` names the file) without failing a run.
    db.exec("PRAGMA synchronous=OFF");
}

bool check_attempt_log(sqlite_connection& db) {
    return known_schema_in_one_snapshot(db);
}

} // namespace evo::host
