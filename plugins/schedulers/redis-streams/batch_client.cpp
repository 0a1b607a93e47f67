#include "batch_client.hpp"

#include "stream_protocol.hpp"

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <random>
#include <sstream>
#include <vector>

namespace redis_streams {
namespace {

using clock = std::chrono::steady_clock;

// 128 random bits in hex: batch ids of different processes never meet.
std::string random_batch_id() {
    std::random_device device;
    std::string id;
    for (int i = 0; i < 4; ++i) {
        char part[9];
        std::snprintf(part, sizeof part, "%08x", static_cast<unsigned>(device()));
        id += part;
    }
    return id;
}

bool describable(const evo_task_batch* b) {
    return b->struct_size >= offsetof(evo_task_batch, accept_result) + sizeof b->accept_result &&
           b->describe_task && b->accept_result;
}

class batch_run {
  public:
    batch_run(const settings& s, const evo::host_services& host, const evo::call& call,
              const evo_task_batch* batch)
        : s_(s), host_(host), call_(call), batch_(batch), batch_id_(random_batch_id()),
          keys_(batch_id_), reported_(batch->task_count, false), entry_ids_(batch->task_count) {}

    void run() {
        try {
            if (!describable(batch_))
                throw evo::error(EVO_ERR_UNSUPPORTED,
                                 "this batch cannot be described for remote workers");
            link_.emplace(s_);
            link_->command("SET %b 1 EX %u", keys_.open.data(), keys_.open.size(), key_ttl_seconds);
            // The group exists before the first task: a worker that creates it later (at "$")
            // must not skip tasks already in the stream.
            ensure_group(*link_, s_, "0");
            collect();
        } catch (const evo::error& e) {
            fail(e);
        }
        if (reported_count_ < size()) cancel(); // only cancellation stops collect() early
        clean_up();
    }

  private:
    uint64_t size() const { return batch_->task_count; }

    void collect() {
        last_report_ = clock::now();
        while (reported_count_ < size()) {
            if (call_.cancelled()) return;
            add_tasks();
            if (reported_count_ == size()) break;
            read_done();
            warn_when_stalled();
            keep_open();
        }
    }

    // Keeps at most `window` of the batch's tasks added and not yet reported.
    void add_tasks() {
        bool added = false;
        while (next_ < size() && next_ - reported_count_ < s_.window && !call_.cancelled()) {
            uint64_t index = next_++;
            std::string task;
            evo_status described =
                batch_->describe_task(batch_->batch_ctx, index, &evo::append_to_string, &task);
            if (described != EVO_OK) {
                report(index, described);
                continue;
            }
            std::string i = std::to_string(index);
            reply_ptr r = link_->command("XADD %b * batch %b index %b task %b", s_.stream.data(),
                                         s_.stream.size(), id().data(), id().size(), i.data(),
                                         i.size(), task.data(), task.size());
            entry_ids_[index] = text_of(r.get());
            added = true;
        }
        if (added)
            link_->command("EXPIRE %b %u", s_.stream.data(), s_.stream.size(), key_ttl_seconds);
    }

    // Waits up to poll_ms for workers' announcements and reports their results.
    void read_done() {
        std::string block = std::to_string(s_.poll.count());
        reply_ptr r = link_->command("XREAD COUNT 256 BLOCK %s STREAMS %b %b", block.c_str(),
                                     keys_.done.data(), keys_.done.size(), last_done_.data(),
                                     last_done_.size());
        if (r->type != REDIS_REPLY_ARRAY || r->elements == 0) return; // nothing in poll_ms
        const redisReply* stream = r->element[0];
        if (stream->type != REDIS_REPLY_ARRAY || stream->elements != 2) return;
        const redisReply* entries = stream->element[1];
        for (size_t e = 0; e < entries->elements; ++e) {
            const redisReply* entry = entries->element[e];
            if (entry->type != REDIS_REPLY_ARRAY || entry->elements != 2) continue;
            last_done_ = text_of(entry->element[0]);
            const redisReply* fields = entry->element[1];
            if (fields->type != REDIS_REPLY_ARRAY) continue;
            for (size_t f = 0; f + 1 < fields->elements; f += 2)
                if (text_of(fields->element[f]) == "index")
                    if (auto index = parse_index(text_of(fields->element[f + 1])))
                        take_result(*index);
        }
    }

    void take_result(uint64_t index) {
        if (index >= size() || reported_[index]) return; // announced once; never twice here
        std::string i = std::to_string(index);
        reply_ptr r = link_->command("HGET %b %b", keys_.results.data(), keys_.results.size(),
                                     i.data(), i.size());
        if (r->type != REDIS_REPLY_STRING) {
            report(index, EVO_ERR_PROTOCOL); // announced, but its result is gone (deleted)
            return;
        }
        evo_status accepted = batch_->accept_result(batch_->batch_ctx, index, {r->str, r->len});
        report(index, accepted);
        last_report_ = clock::now();
    }

    // A batch that runs for longer than its keys' day stays open (once a minute is plenty).
    void keep_open() {
        if (clock::now() - last_kept_open_ < std::chrono::minutes(1)) return;
        last_kept_open_ = clock::now();
        link_->command("EXPIRE %b %u", keys_.open.data(), keys_.open.size(), key_ttl_seconds);
    }

    void warn_when_stalled() {
        if (warned_stall_ || clock::now() - last_report_ < s_.stall_warning) return;
        warned_stall_ = true;
        std::ostringstream seconds;
        seconds << static_cast<double>(s_.stall_warning.count()) / 1000;
        host_.log(EVO_LOG_WARN, "redis-streams: no worker has reported a task for " +
                                    seconds.str() + " s: is `evo worker` running against " +
                                    s_.server.url + " (stream " + s_.stream + ")?");
    }

    void report(uint64_t index, evo_status status) {
        if (reported_[index]) return;
        reported_[index] = true;
        ++reported_count_;
        batch_->on_complete(batch_->batch_ctx, index, status);
    }

    // Every task not yet reported is reported with the failure's status, then it is thrown.
    void fail(const evo::error& e) {
        failure_ = e;
        for (uint64_t index = 0; index < size(); ++index)
            report(index, e.status());
    }

    // Reports the unfinished tasks cancelled; clean_up() then closes the batch for the workers.
    void cancel() {
        if (!failure_) {
            uint64_t unfinished = size() - reported_count_;
            failure_ = evo::error(EVO_ERR_CANCELLED,
                                  "cancelled with " + std::to_string(unfinished) + " of " +
                                      std::to_string(size()) + " tasks unfinished");
        }
        for (uint64_t index = 0; index < size(); ++index)
            report(index, EVO_ERR_CANCELLED);
    }

    // Best effort: the batch closes (workers drop its tasks and results from now on), the
    // tasks left in the stream and the batch's keys go. When Redis is gone, every key expires
    // by itself and the workers that come back drop what is left.
    void clean_up() {
        if (link_) try_clean_up(); // never connected: nothing was added
        if (failure_) throw *failure_;
    }

    void try_clean_up() {
        try {
            if (link_->broken()) link_.emplace(s_);
            link_->command("DEL %b", keys_.open.data(), keys_.open.size());
            std::vector<std::string> xdel{"XDEL", s_.stream};
            for (auto& entry : entry_ids_) {
                if (!entry.empty()) xdel.push_back(std::move(entry));
                if (xdel.size() == 1002) {
                    link_->command_argv(xdel);
                    xdel.resize(2);
                }
            }
            if (xdel.size() > 2) link_->command_argv(xdel);
            link_->command("DEL %b %b", keys_.results.data(), keys_.results.size(),
                           keys_.done.data(), keys_.done.size());
        } catch (const evo::error&) {
        }
    }

    const std::string& id() const { return batch_id_; }

    const settings& s_;
    const evo::host_services& host_;
    const evo::call& call_;
    const evo_task_batch* batch_;
    std::string batch_id_;
    batch_keys keys_;
    std::optional<redis_link> link_;
    std::vector<bool> reported_;
    std::vector<std::string> entry_ids_;
    uint64_t reported_count_ = 0, next_ = 0;
    std::string last_done_ = "0-0";
    clock::time_point last_report_, last_kept_open_ = clock::now();
    bool warned_stall_ = false;
    std::optional<evo::error> failure_;
};

} // namespace

void run_batch(const settings& s, const evo::host_services& host, const evo::call& call,
               const evo_task_batch* batch) {
    batch_run(s, host, call, batch).run();
}

} // namespace redis_streams
