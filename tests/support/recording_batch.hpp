// A task batch for scheduler tests: records how often each task ran and completed, with what
// status, and the most tasks ever in flight at once.
#pragma once

#include <evo/plugin.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <vector>

namespace evo_test {

class recording_batch {
  public:
    using task_body = std::function<evo_status(uint64_t index)>;

    explicit recording_batch(
        uint64_t tasks, uint32_t max_concurrency = 0,
        task_body body = [](uint64_t) { return EVO_OK; })
        : runs_(tasks), completions_(tasks), statuses_(tasks, -1), body_(std::move(body)) {
        raw_.struct_size = sizeof raw_;
        raw_.task_count = tasks;
        raw_.max_concurrency = max_concurrency;
        raw_.batch_ctx = this;
        raw_.run_task = &run_task;
        raw_.on_complete = &on_complete;
    }
    recording_batch(const recording_batch&) = delete;
    recording_batch& operator=(const recording_batch&) = delete;

    const evo_task_batch* get() const noexcept { return &raw_; }
    int runs(uint64_t index) const { return runs_[index].load(); }
    int completions(uint64_t index) const { return completions_[index].load(); }
    evo_status status(uint64_t index) const {
        std::lock_guard lock(mutex_);
        return statuses_[index];
    }
    std::vector<uint64_t> run_order() const {
        std::lock_guard lock(mutex_);
        return order_;
    }
    int max_in_flight() const noexcept { return max_in_flight_.load(); }
    bool each_completed_once() const {
        return std::all_of(completions_.begin(), completions_.end(),
                           [](const auto& count) { return count.load() == 1; });
    }
    bool each_ran_at_most_once() const {
        return std::all_of(runs_.begin(), runs_.end(),
                           [](const auto& count) { return count.load() <= 1; });
    }

  private:
    static evo_status run_task(void* ctx, uint64_t index) {
        auto& self = *static_cast<recording_batch*>(ctx);
        int now = ++self.in_flight_;
        int seen = self.max_in_flight_.load();
        while (now > seen && !self.max_in_flight_.compare_exchange_weak(seen, now)) {
        }
        ++self.runs_[index];
        {
            std::lock_guard lock(self.mutex_);
            self.order_.push_back(index);
        }
        evo_status status = self.body_(index);
        --self.in_flight_;
        return status;
    }
    static void on_complete(void* ctx, uint64_t index, evo_status status) {
        auto& self = *static_cast<recording_batch*>(ctx);
        ++self.completions_[index];
        std::lock_guard lock(self.mutex_);
        self.statuses_[index] = status;
    }

    evo_task_batch raw_{};
    std::vector<std::atomic<int>> runs_;
    std::vector<std::atomic<int>> completions_;
    std::vector<evo_status> statuses_;
    std::vector<uint64_t> order_;
    task_body body_;
    mutable std::mutex mutex_;
    std::atomic<int> in_flight_{0};
    std::atomic<int> max_in_flight_{0};
};

} // namespace evo_test
