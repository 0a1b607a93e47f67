// A batch for remote schedulers (ABI 1.3): task i is described as "task-i"; the result a worker
// gives it is handed back through accept_result. Records every call, so a test can check that
// each task was reported exactly once, with the right result, and never run locally.
#pragma once

#include <evo/plugin.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

namespace evo_test {

class described_batch {
  public:
    explicit described_batch(uint64_t tasks, bool describable = true)
        : accepts_(tasks), completions_(tasks), statuses_(tasks, -1), results_(tasks) {
        raw_.struct_size = sizeof raw_;
        raw_.task_count = tasks;
        raw_.batch_ctx = this;
        raw_.run_task = [](void* ctx, uint64_t) -> evo_status {
            ++static_cast<described_batch*>(ctx)->local_runs_;
            return EVO_OK;
        };
        raw_.on_complete = &on_complete;
        if (describable) {
            raw_.describe_task = &describe;
            raw_.accept_result = &accept;
        }
    }
    described_batch(const described_batch&) = delete;
    described_batch& operator=(const described_batch&) = delete;

    static std::string description(uint64_t index) { return "task-" + std::to_string(index); }

    const evo_task_batch* get() const noexcept { return &raw_; }
    int accepts(uint64_t index) const { return accepts_[index].load(); }
    int completions(uint64_t index) const { return completions_[index].load(); }
    int local_runs() const { return local_runs_.load(); }
    uint64_t completed() const { return completed_.load(); }
    evo_status status(uint64_t index) const {
        std::lock_guard lock(mutex_);
        return statuses_[index];
    }
    std::string result(uint64_t index) const {
        std::lock_guard lock(mutex_);
        return results_[index];
    }
    bool each_completed_once() const {
        return std::all_of(completions_.begin(), completions_.end(),
                           [](const auto& count) { return count.load() == 1; });
    }

  private:
    static evo_status describe(void*, uint64_t index, evo_write_fn out, void* out_ctx) {
        std::string text = description(index);
        return out(out_ctx, {text.data(), text.size()});
    }
    // A result is "<worker>:done:task-i"; anything else is unreadable.
    static evo_status accept(void* ctx, uint64_t index, evo_str result) {
        auto& self = *static_cast<described_batch*>(ctx);
        ++self.accepts_[index];
        std::string text(result.data, result.size);
        std::lock_guard lock(self.mutex_);
        self.results_[index] = text;
        const std::string tail = ":done:" + description(index);
        return text.size() > tail.size() &&
                       text.compare(text.size() - tail.size(), tail.size(), tail) == 0
                   ? EVO_OK
                   : EVO_ERR_PROTOCOL;
    }
    static void on_complete(void* ctx, uint64_t index, evo_status status) {
        auto& self = *static_cast<described_batch*>(ctx);
        ++self.completions_[index];
        ++self.completed_;
        std::lock_guard lock(self.mutex_);
        self.statuses_[index] = status;
    }

    evo_task_batch raw_{};
    std::vector<std::atomic<int>> accepts_, completions_;
    std::vector<evo_status> statuses_;
    std::vector<std::string> results_;
    std::atomic<int> local_runs_{0};
    std::atomic<uint64_t> completed_{0};
    mutable std::mutex mutex_;
};

} // namespace evo_test
