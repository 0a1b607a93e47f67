#include "stream_protocol.hpp"

#include <charconv>

namespace redis_streams {

const char* const record_result_script = R"(
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XADD', KEYS[3], '*', 'index', ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[3], ARGV[3])
return 1
)";

void ensure_group(redis_link& link, const settings& s, const char* start_id) {
    reply_ptr r =
        link.command_allowing_error("XGROUP CREATE %b %b %s MKSTREAM", s.stream.data(),
                                    s.stream.size(), s.group.data(), s.group.size(), start_id);
    if (r->type == REDIS_REPLY_ERROR && std::string(r->str, r->len).rfind("BUSYGROUP", 0) != 0)
        throw evo::error(EVO_ERR_UNAVAILABLE, "redis " + link.url() + ": XGROUP CREATE " +
                                                  s.stream + " " + s.group +
                                                  " refused: " + std::string(r->str, r->len));
}

std::optional<uint64_t> parse_index(const std::string& text) {
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

task_entry parse_task_entry(const redisReply* entry) {
    task_entry t;
    if (!entry || entry->type != REDIS_REPLY_ARRAY || entry->elements < 1) return t;
    t.id = text_of(entry->element[0]);
    if (entry->elements < 2 || entry->element[1]->type != REDIS_REPLY_ARRAY) return t;
    const redisReply* fields = entry->element[1];
    bool has_batch = false, has_task = false;
    std::optional<uint64_t> index;
    for (size_t i = 0; i + 1 < fields->elements; i += 2) {
        std::string name = text_of(fields->element[i]);
        std::string value = text_of(fields->element[i + 1]);
        if (name == "batch") {
            t.batch = std::move(value);
            has_batch = true;
        } else if (name == "index") {
            index = parse_index(value);
        } else if (name == "task") {
            t.task = std::move(value);
            has_task = true;
        }
    }
    if (index) t.index = *index;
    t.well_formed = has_batch && has_task && index && !t.batch.empty() && !t.id.empty();
    return t;
}

} // namespace redis_streams
