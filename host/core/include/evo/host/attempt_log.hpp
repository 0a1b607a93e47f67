// The attempt log: one row per provider call evo made and one per cache hit, in SQLite (WAL,
// several evo processes at once) at $XDG_DATA_HOME/evo/logs.db, for `evo log`
// (docs/attempt-log.md). Writing it never fails a run: a problem is one warning on stderr.
// Every text it writes goes through runtime::redact first.
#pragma once

#include <evo/host/pipeline.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

struct logged_attempt {
    int64_t id = 0;
    int64_t time_ms = 0; // unix time in ms when the call started
    std::string run;     // one per evo process
    std::string command; // gen, evolve, batch
    std::string prompt, language;
    int64_t round = 0; // the attempt's number; 0 for a cache hit
    std::string provider, model;
    int64_t prompt_tokens = 0, completion_tokens = 0;
    int64_t milliseconds = 0, first_text_milliseconds = -1; // -1: no text arrived
    std::string outcome; // ok, truncated, or the status name (rate_limited, ...)
    std::string error;
    std::string findings; // JSON array: the findings of the round
    std::string cache;    // hit, miss, off
    std::string response; // the model's whole text (a hit: the cached code)
};

// $XDG_DATA_HOME/evo/logs.db, else $HOME/.local/share/evo/logs.db.
std::filesystem::path attempt_log_path();

// Appends the rows of one generation in one transaction; several threads may call it at once.
// Nothing when `off` (--no-log) or EVO_LOG=off. Never throws: a failure is one warning line.
void log_attempts(const runtime& rt, std::string_view command, const generation_request& req,
                  const generation_result& result, bool off = false);

// Opens the log (loads SQLite, checks or creates the schema) in a thread of its own, so that
// it happens while the provider answers and log_attempts then only inserts. Optional; a
// failure is reported by log_attempts. Call it at most once per process.
void open_attempt_log_early(bool off = false);

// Newest first, at most `limit` rows (0: all), those matching every word of `text` when it is
// not empty. nullopt: no log file yet. store_error "<path>: what" for a file that is not an
// attempt log (corrupt, another program's, a newer evo's); the file is only read.
std::optional<std::vector<logged_attempt>>
read_attempt_log(const std::filesystem::path& file, std::size_t limit, std::string_view text);

// FTS5 query text matching rows that contain every word of `text`: each word a quoted phrase,
// so no user text is ever FTS syntax. Empty when `text` has no word.
std::string fts_all_words(std::string_view text);

} // namespace evo::host
