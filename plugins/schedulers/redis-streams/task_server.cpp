#include "task_server.hpp"

#include "heartbeat.hpp"
#include "stream_protocol.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <optional>
#include <thread>
#include <vector>

namespace redis_streams {
namespace {

using std::chrono::milliseconds;

std::string host_and_pid() {
    char name[HOST_NAME_MAX + 1] = {};
    if (gethostname(name, sizeof name - 1) != 0) name[0] = '\0';
    return std::string(*name ? name : "unknown") + ":" + std::to_string(getpid());
}

bool is_error(const redisReply* r, std::string_view code) {
    return r->type == REDIS_REPLY_ERROR &&
           std::string_view(r->str, r->len).substr(0, code.size()) == code;
}

class server {
  public:
    server(const settings& s, const evo::host_services& host, const evo::call& call,
           const evo_task_worker* worker)
        : s_(s), host_(host), call_(call), worker_(worker), beat_(s) {}

    void serve() {
        const std::string base = host_and_pid();
        std::vector<std::thread> threads;
        for (uint32_t n = 0; n < std::max<uint32_t>(worker_->concurrency, 1); ++n)
            threads.emplace_back(
                [this, consumer = base + ":" + std::to_string(n)] { serve_as(consumer); });
        for (auto& t : threads)
            t.join();
    }

  private:
    // One consumer with its own connection: reclaim abandoned tasks first, else read new ones.
    void serve_as(const std::string& consumer) {
        std::optional<redis_link> link;
        std::string cursor = "0-0";
        milliseconds backoff{100};
        bool holding = false; // a task of ours is pending, unacknowledged
        while (!call_.cancelled()) {
            try {
                if (!link) {
                    link.emplace(s_);
                    ensure_group(*link, s_, "$");
                    back();
                }
                std::optional<task_entry> task = reclaim(*link, consumer, cursor);
                if (!task) task = read_new(*link, consumer);
                if (task) holding = !handle(*link, *task, consumer);
                backoff = milliseconds(100);
            } catch (const evo::error& e) {
                link.reset();
                away(e.what());
                pause(backoff);
                backoff = std::min(backoff * 2, milliseconds(5000));
            }
        }
        // A consumer with nothing pending leaves the group; one that holds a task stays, so
        // that its task is reclaimed rather than forgotten.
        if (link && !holding) try {
                link->command("XGROUP DELCONSUMER %b %b %b", s_.stream.data(), s_.stream.size(),
                              s_.group.data(), s_.group.size(), consumer.data(), consumer.size());
            } catch (const evo::error&) {
            }
    }

    // Whether a group command's reply holds an answer to read: not when the group was gone
    // (deleted with its stream: made again, with nothing in it yet); an error is an outage.
    bool group_answered(redis_link& link, const redisReply* r, const char* command) {
        if (is_error(r, "NOGROUP")) {
            ensure_group(link, s_, "$");
            return false;
        }
        if (r->type == REDIS_REPLY_ERROR)
            throw evo::error(EVO_ERR_UNAVAILABLE, "redis " + link.url() + ": " + command +
                                                      " refused: " + std::string(r->str, r->len));
        return true;
    }

    // A task idle claim_after_ms in a dead consumer's hands, taken over (XAUTOCLAIM).
    std::optional<task_entry> reclaim(redis_link& link, const std::string& consumer,
                                      std::string& cursor) {
        std::string idle = std::to_string(s_.claim_after.count());
        reply_ptr r = link.command_allowing_error(
            "XAUTOCLAIM %b %b %b %s %b COUNT 1", s_.stream.data(), s_.stream.size(),
            s_.group.data(), s_.group.size(), consumer.data(), consumer.size(), idle.c_str(),
            cursor.data(), cursor.size());
        if (!group_answered(link, r.get(), "XAUTOCLAIM")) return std::nullopt;
        if (r->type != REDIS_REPLY_ARRAY || r->elements < 2) return std::nullopt;
        cursor = text_of(r->element[0]);
        if (cursor.empty()) cursor = "0-0";
        const redisReply* claimed = r->element[1];
        if (claimed->type != REDIS_REPLY_ARRAY || claimed->elements == 0) return std::nullopt;
        return parse_task_entry(claimed->element[0]);
    }

    // A task no consumer has had yet, waiting up to poll_ms for one.
    std::optional<task_entry> read_new(redis_link& link, const std::string& consumer) {
        std::string block = std::to_string(s_.poll.count());
        reply_ptr r = link.command_allowing_error(
            "XREADGROUP GROUP %b %b COUNT 1 BLOCK %s STREAMS %b >", s_.group.data(),
            s_.group.size(), consumer.data(), consumer.size(), block.c_str(), s_.stream.data(),
            s_.stream.size());
        if (!group_answered(link, r.get(), "XREADGROUP")) return std::nullopt;
        if (r->type != REDIS_REPLY_ARRAY || r->elements == 0) return std::nullopt; // timed out
        const redisReply* stream = r->element[0];
        if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2) return std::nullopt;
        const redisReply* entries = stream->element[1];
        if (entries->type != REDIS_REPLY_ARRAY || entries->elements == 0) return std::nullopt;
        return parse_task_entry(entries->element[0]);
    }

    // Runs one task and records its result. False when the task stays pending in our hands
    // (not run to a result): another worker then reclaims it after claim_after_ms.
    bool handle(redis_link& link, const task_entry& task, const std::string& consumer) {
        if (!task.well_formed) {
            warn_once(malformed_warned_, "redis-streams: dropped stream entry " + task.id + " of " +
                                             s_.stream + ", which is not an evo task");
            done_with(link, task);
            return true;
        }
        batch_keys keys(task.batch);
        std::string index = std::to_string(task.index);
        reply_ptr open = link.command("EXISTS %b", keys.open.data(), keys.open.size());
        reply_ptr has_result = link.command("HEXISTS %b %b", keys.results.data(),
                                            keys.results.size(), index.data(), index.size());
        if (open->integer == 0 || has_result->integer == 1) { // nothing left to do
            done_with(link, task);
            return true;
        }
        std::string result;
        evo_status status;
        {
            heartbeat::holding in_hand(beat_, consumer, task.id);
            status = worker_->run_described(worker_->worker_ctx, evo::str(task.task),
                                            &evo::append_to_string, &result);
        }
        if (status != EVO_OK) {
            host_.log(EVO_LOG_WARN, "redis-streams: task " + index + " of batch " + task.batch +
                                        " gave no result (status " + std::to_string(status) +
                                        "); it is left for another worker to reclaim");
            return false;
        }
        std::string ttl = std::to_string(key_ttl_seconds);
        link.command("EVAL %s 3 %b %b %b %b %b %b", record_result_script, keys.open.data(),
                     keys.open.size(), keys.results.data(), keys.results.size(), keys.done.data(),
                     keys.done.size(), index.data(), index.size(), result.data(), result.size(),
                     ttl.data(), ttl.size());
        done_with(link, task);
        return true;
    }

    // Acknowledged and removed: no worker sees this entry again.
    void done_with(redis_link& link, const task_entry& task) {
        if (task.id.empty()) return;
        link.command("XACK %b %b %b", s_.stream.data(), s_.stream.size(), s_.group.data(),
                     s_.group.size(), task.id.data(), task.id.size());
        link.command("XDEL %b %b", s_.stream.data(), s_.stream.size(), task.id.data(),
                     task.id.size());
    }

    // Sleeps up to `how_long`, waking early once the call is cancelled.
    void pause(milliseconds how_long) const {
        for (milliseconds slept{0}; slept < how_long && !call_.cancelled();
             slept += milliseconds(20))
            std::this_thread::sleep_for(milliseconds(20));
    }

    void away(const std::string& why) {
        if (!away_.exchange(true))
            host_.log(EVO_LOG_WARN, "redis-streams: " + why + "; retrying until it is back");
    }
    void back() {
        if (away_.exchange(false))
            host_.log(EVO_LOG_INFO, "redis-streams: " + s_.server.url + " is back");
    }
    void warn_once(std::atomic<bool>& flag, const std::string& message) {
        if (!flag.exchange(true)) host_.log(EVO_LOG_WARN, message);
    }

    const settings& s_;
    const evo::host_services& host_;
    const evo::call& call_;
    const evo_task_worker* worker_;
    heartbeat beat_;
    std::atomic<bool> away_{false}, malformed_warned_{false};
};

} // namespace

void serve_tasks(const settings& s, const evo::host_services& host, const evo::call& call,
                 const evo_task_worker* worker) {
    if (!worker ||
        worker->struct_size <
            offsetof(evo_task_worker, run_described) + sizeof worker->run_described ||
        !worker->run_described)
        throw evo::error(EVO_ERR_INVALID_ARGUMENT, "serve: the worker has no run_described");
    server(s, host, call, worker).serve();
}

} // namespace redis_streams
