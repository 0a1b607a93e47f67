// What run() and serve() agree on in Redis: the names of a batch's keys, the shape of a task
// entry in the stream, and the script that records a result.
//
//   <stream>                   XADD * batch <id> index <i> task <description>; group <group>
//   evo:batch:<id>:results     hash index -> result (HSETNX: the first result wins)
//   evo:batch:<id>:done        stream of {index}: one entry per index, when its result landed
//   evo:batch:<id>:open        "1" while run() waits for the batch; without it (cancelled,
//                              finished, failed) workers drop the batch's tasks and results
#pragma once

#include "redis_link.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace redis_streams {

// Every key a batch creates expires by itself after a day, whatever happens to its run().
constexpr unsigned key_ttl_seconds = 86400;

struct batch_keys {
    explicit batch_keys(const std::string& batch_id)
        : results("evo:batch:" + batch_id + ":results"), done("evo:batch:" + batch_id + ":done"),
          open("evo:batch:" + batch_id + ":open") {}
    std::string results, done, open;
};

// Records one result and announces it, atomically: while the batch is open, HSETNX the result
// and, only when it is the first for that index, XADD the index to the done stream. A worker
// that dies between the two cannot lose the announcement, a task run twice is announced once,
// and a result that comes after its batch ended leaves no key behind.
// KEYS: open, results, done. ARGV: index, result, TTL in seconds.
// Returns 1 when this result was recorded.
extern const char* const record_result_script;

// XGROUP CREATE <stream> <group> <start_id> MKSTREAM; an existing group (BUSYGROUP) is fine.
void ensure_group(redis_link& link, const settings& s, const char* start_id);

// One task entry of the stream, as XREADGROUP or XAUTOCLAIM returns it.
struct task_entry {
    std::string id; // the stream entry id
    std::string batch;
    uint64_t index = 0;
    std::string task;
    bool well_formed = false; // false: not an entry run() wrote (or its fields were deleted)
};

// `entry` is [id, [field, value, ...]] (the field list may be nil for a deleted entry).
task_entry parse_task_entry(const redisReply* entry);

// A decimal index, or nullopt.
std::optional<uint64_t> parse_index(const std::string& text);

} // namespace redis_streams
