#include <evo/host/attempt_log.hpp>

#include <evo/host/command_store.hpp>
#include <evo/host/plugin_instance.hpp>

#include "attempt_log_schema.hpp"
#include "sqlite_connection.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <thread>
#include <utility>

namespace evo::host {
namespace fs = std::filesystem;
namespace json = boost::json;
namespace {

// A writer waits this long for another evo's transaction (each takes milliseconds).
constexpr int busy_timeout_ms = 10'000;

constexpr const char* columns =
    "id, time_ms, run, command, prompt, language, round, provider, model, prompt_tokens, "
    "completion_tokens, milliseconds, first_text_milliseconds, outcome, error, findings, cache, "
    "response";

int64_t unix_ms_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// One per evo process: the rows of one run read together.
const std::string& run_id() {
    static const std::string id = [] {
        std::random_device random;
        std::ostringstream out;
        out << std::hex << random() << random();
        return out.str();
    }();
    return id;
}

bool off_by_environment() {
    const char* value = std::getenv("EVO_LOG");
    return value && std::string_view(value) == "off";
}

// Missing directories are created 0700: the log holds what the user asked and the answers.
void create_private_directories(const fs::path& dir) {
    if (dir.empty() || fs::exists(dir)) return;
    create_private_directories(dir.parent_path());
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        throw store_error(dir.string() + ": cannot create the directory: " + std::strerror(errno));
}

json::array findings_json(const std::vector<finding_record>& findings) {
    json::array out;
    for (const auto& f : findings)
        out.push_back(json::object{{"layer", f.layer},
                                   {"rule_id", f.rule_id},
                                   {"severity", f.severity},
                                   {"confidence", f.confidence},
                                   {"file", f.file},
                                   {"line", f.line},
                                   {"column", f.column},
                                   {"message", f.message},
                                   {"fix_hint", f.fix_hint},
                                   {"external_id", f.external_id}});
    return out;
}

std::string outcome_of(const completion_result& c) {
    if (c.status != EVO_OK) return status_name(c.status);
    return c.truncated ? "truncated" : "ok";
}

// As the pipeline decides (pipeline.cpp cacheable): whether the cache was asked at all.
std::string cache_status(const runtime& rt, const generation_request& req,
                         const generation_result& result) {
    if (result.cache_hit) return "hit";
    const manifest& m = rt.config();
    const bool asked = req.use_cache && !m.pipeline.cache.empty() &&
                       (m.request.temperature == 0.0 || m.pipeline.cache_nonzero_temperature);
    return asked ? "miss" : "off";
}

// The rows of one generation, redacted, in the order the calls were made. A call's start is
// reckoned back from now: the pipeline keeps durations, not clock times.
std::vector<logged_attempt> rows_of(const runtime& rt, std::string_view command,
                                    const generation_request& req,
                                    const generation_result& result) {
    logged_attempt common;
    common.run = run_id();
    common.command = std::string(command);
    common.prompt = rt.redact(req.prompt);
    common.language = result.language.empty() ? req.language : result.language;
    common.cache = cache_status(rt, req, result);
    common.findings = "[]";
    std::vector<logged_attempt> rows;
    const int64_t now = unix_ms_now();
    if (result.cache_hit) {
        logged_attempt row = common;
        row.time_ms = now;
        row.outcome = "ok";
        row.milliseconds = 0;
        row.response = rt.redact(result.code);
        rows.push_back(std::move(row));
        return rows;
    }
    double total = 0;
    for (const auto& a : result.attempts)
        total += a.milliseconds;
    double start = static_cast<double>(now) - total;
    for (const auto& a : result.attempts) {
        const std::string findings = rt.redact(json::serialize(findings_json(a.findings)));
        double offset = 0;
        for (const auto& call : a.calls) {
            logged_attempt row = common;
            row.time_ms = static_cast<int64_t>(start + offset);
            row.round = a.number;
            row.provider = call.completion.provider;
            row.model = rt.redact(call.completion.model);
            row.prompt_tokens = static_cast<int64_t>(call.completion.prompt_tokens);
            row.completion_tokens = static_cast<int64_t>(call.completion.completion_tokens);
            row.milliseconds = static_cast<int64_t>(call.milliseconds);
            row.first_text_milliseconds = static_cast<int64_t>(call.first_text_milliseconds);
            row.outcome = outcome_of(call.completion);
            row.error = rt.redact(call.completion.error);
            row.findings = findings;
            row.response = rt.redact(call.text);
            rows.push_back(std::move(row));
            offset += call.milliseconds;
        }
        start += a.milliseconds;
    }
    return rows;
}

void insert(sqlite_connection& db, const logged_attempt& r) {
    sqlite_statement statement(
        db, "INSERT INTO attempts (time_ms, run, command, prompt, language, round, provider, "
            "model, prompt_tokens, completion_tokens, milliseconds, first_text_milliseconds, "
            "outcome, error, findings, cache, response) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
            "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
    statement.bind(1, r.time_ms).bind(2, r.run).bind(3, r.command).bind(4, r.prompt);
    statement.bind(5, r.language).bind(6, r.round).bind(7, r.provider).bind(8, r.model);
    statement.bind(9, r.prompt_tokens).bind(10, r.completion_tokens).bind(11, r.milliseconds);
    statement.bind(12, r.first_text_milliseconds).bind(13, r.outcome).bind(14, r.error);
    statement.bind(15, r.findings).bind(16, r.cache).bind(17, r.response);
    statement.step();
}

// SQLite would open a FIFO and wait on it for ever (evo log) or fail with "disk I/O error".
void require_regular_file(const fs::path& file) {
    const auto status = fs::status(file);
    if (fs::exists(status) && !fs::is_regular_file(status))
        throw store_error(file.string() + ": not a regular file (a FIFO, a device or a directory); "
                                          "the attempt log must be one");
}

// The process's one connection, opened at its first write or, earlier, by open_attempt_log_early
// in a thread of its own; after a failure nothing more is tried, so a broken log costs one
// warning, not one per request.
struct writer {
    std::mutex mutex;
    std::unique_ptr<sqlite_connection> db;
    bool broken = false;
    std::optional<std::string> open_error; // what the early open met, reported at the write
    std::thread opener;
    std::once_flag opener_joined;

    ~writer() { join_opener(); }

    void join_opener() {
        std::call_once(opener_joined, [this] {
            if (opener.joinable()) opener.join();
        });
    }

    void open() {
        if (db) return;
        const fs::path file = attempt_log_path();
        create_private_directories(file.parent_path());
        require_regular_file(file);
        auto opened = std::make_unique<sqlite_connection>(file, false, busy_timeout_ms);
        prepare_attempt_log(*opened);
        db = std::move(opened);
    }

    void write(const std::vector<logged_attempt>& rows) {
        if (open_error) throw store_error(*std::exchange(open_error, std::nullopt));
        open();
        write_transaction change(*db);
        for (const auto& row : rows)
            insert(*db, row);
        change.commit();
    }
};

writer& the_writer() {
    static writer w;
    return w;
}

logged_attempt read_row(const sqlite_statement& row) {
    logged_attempt r;
    r.id = row.integer(0);
    r.time_ms = row.integer(1);
    r.run = row.text(2);
    r.command = row.text(3);
    r.prompt = row.text(4);
    r.language = row.text(5);
    r.round = row.integer(6);
    r.provider = row.text(7);
    r.model = row.text(8);
    r.prompt_tokens = row.integer(9);
    r.completion_tokens = row.integer(10);
    r.milliseconds = row.integer(11);
    r.first_text_milliseconds = row.integer(12);
    r.outcome = row.text(13);
    r.error = row.text(14);
    r.findings = row.text(15);
    r.cache = row.text(16);
    r.response = row.text(17);
    return r;
}

} // namespace

fs::path attempt_log_path() {
    const char* data = std::getenv("XDG_DATA_HOME");
    if (data && *data && fs::path(data).is_absolute()) return fs::path(data) / "evo/logs.db";
    const char* home = std::getenv("HOME");
    if (home && *home) return fs::path(home) / ".local/share/evo/logs.db";
    throw store_error("cannot locate the attempt log: set XDG_DATA_HOME or HOME");
}

void log_attempts(const runtime& rt, std::string_view command, const generation_request& req,
                  const generation_result& result, bool off) {
    if (off || off_by_environment()) return;
    writer& w = the_writer();
    w.join_opener();
    std::lock_guard lock(w.mutex);
    if (w.broken) return;
    try {
        const auto rows = rows_of(rt, command, req, result);
        if (!rows.empty()) w.write(rows);
    } catch (const std::exception& e) {
        w.broken = true;
        w.db.reset();
        spdlog::warn("attempt log not written: {} (EVO_LOG=off turns it off)", rt.redact(e.what()));
    }
}

void open_attempt_log_early(bool off) {
    if (off || off_by_environment()) return;
    writer& w = the_writer();
    w.opener = std::thread([&w] {
        std::lock_guard lock(w.mutex);
        try {
            w.open();
        } catch (const std::exception& e) {
            w.open_error = e.what();
        }
    });
}

std::string fts_all_words(std::string_view text) {
    std::string query;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        if (i == text.size()) break;
        std::string phrase = "\"";
        for (; i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])); ++i) {
            if (text[i] == '"') phrase += '"'; // a quote inside a phrase is written twice
            phrase += text[i];
        }
        if (!query.empty()) query += ' ';
        query += phrase + '"';
    }
    return query;
}

std::optional<std::vector<logged_attempt>> read_attempt_log(const fs::path& file, std::size_t limit,
                                                            std::string_view text) {
    if (!fs::exists(file)) return std::nullopt;
    require_regular_file(file);
    sqlite_connection db(file, true, busy_timeout_ms);
    std::vector<logged_attempt> rows;
    if (!check_attempt_log(db)) return rows;
    const std::string match = fts_all_words(text);
    std::string sql = "SELECT " + std::string(columns) + " FROM attempts";
    if (!match.empty()) {
        require_fts5(db);
        sql += " WHERE id IN (SELECT rowid FROM attempts_text WHERE attempts_text MATCH ?1)";
    }
    sql += " ORDER BY time_ms DESC, id DESC LIMIT ?2";
    sqlite_statement query(db, sql);
    if (!match.empty()) query.bind(1, match);
    query.bind(2, limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
    while (query.step())
        rows.push_back(read_row(query));
    return rows;
}

} // namespace evo::host
