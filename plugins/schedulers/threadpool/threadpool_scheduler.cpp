#include "threadpool_scheduler.hpp"

#include "rate_limit_window.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace threadpool {
namespace {

unsigned configured_threads(const boost::json::object& config) {
    unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
    return evo::config_value<unsigned>(config, "threads", cpus);
}

std::unique_ptr<adaptive_limiter> configured_limiter(const boost::json::object& config) {
    if (!evo::config_value<bool>(config, "adaptive", true)) return nullptr;
    pressure_limits limits;
    limits.max_load_per_cpu =
        evo::config_value<double>(config, "max_load_per_cpu", limits.max_load_per_cpu);
    limits.min_free_mb =
        evo::config_value<std::uint64_t>(config, "min_free_mb", limits.min_free_mb);
    return std::make_unique<adaptive_limiter>(limits);
}

// One run() of a batch: workers claim task indices from a shared counter, so each index is
// handed out exactly once. Any worker that stops (no tasks left, cancelled, failed) stops all.
class batch_run {
  public:
    batch_run(const evo::call& c, const evo::task_batch& batch, unsigned workers,
              adaptive_limiter* limiter, const log_fn& log)
        : call_(c), batch_(batch), workers_(workers), limiter_(limiter), log_(log),
          window_(workers) {}

    void execute() {
        {
            std::vector<std::jthread> helpers;
            try {
                helpers.reserve(workers_ - 1);
                for (unsigned worker = 1; worker < workers_; ++worker)
                    helpers.emplace_back([this, worker] { work_guarded(worker); });
            } catch (const std::exception&) {
                // Out of threads or memory: the workers already running share the batch.
            }
            work_guarded(0);
        }
        complete_unstarted();
    }

  private:
    void work_guarded(unsigned worker) noexcept {
        try {
            work(worker);
        } catch (...) {
            std::lock_guard lock(mutex_);
            if (!failure_) failure_ = std::current_exception();
        }
        stop_all();
    }

    void work(unsigned worker) {
        while (!stopping_.load() && !call_.cancelled()) {
            if (!permitted(worker)) {
                wait_for_recheck();
                continue;
            }
            std::uint64_t index = next_.fetch_add(1);
            if (index >= batch_.size()) return;
            evo_status status = batch_.run(index);
            record(status);
            batch_.complete(index, status);
        }
    }

    // Worker 0 is always permitted (neither the window nor the limiter goes below one), so
    // the batch keeps moving under any pressure.
    bool permitted(unsigned worker) {
        {
            std::lock_guard lock(mutex_);
            if (worker >= window_.size()) return false;
        }
        return !limiter_ || worker < limiter_->permitted(workers_);
    }

    void record(evo_status status) {
        // Logged under the lock: two changes are then told in the order they happened.
        std::lock_guard lock(mutex_);
        const std::optional<rate_limit_window::change> change = window_.record(status);
        if (!change || !log_) return;
        std::string size = "at most " + std::to_string(change->to) +
                           (change->to == 1 ? " task" : " tasks") + " at once";
        if (change->to < change->from)
            log_(EVO_LOG_INFO,
                 "rate limited (429): " + size + ", down from " + std::to_string(change->from));
        else
            log_(EVO_LOG_DEBUG,
                 "no rate limit lately: " + size + ", up from " + std::to_string(change->from));
    }

    void wait_for_recheck() {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, adaptive_limiter::recheck_interval,
                       [this] { return stopping_.load(); });
    }

    void stop_all() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
    }

    void complete_unstarted() {
        std::uint64_t first = std::min<std::uint64_t>(next_.load(), batch_.size());
        evo_status status = failure_ ? EVO_ERR_INTERNAL : EVO_ERR_CANCELLED;
        for (std::uint64_t index = first; index < batch_.size(); ++index)
            batch_.complete(index, status);
        if (failure_) std::rethrow_exception(failure_);
        if (first < batch_.size())
            throw evo::error(EVO_ERR_CANCELLED,
                             "cancelled with " + std::to_string(batch_.size() - first) + " of " +
                                 std::to_string(batch_.size()) + " tasks not started");
    }

    const evo::call& call_;
    const evo::task_batch& batch_;
    const unsigned workers_;
    adaptive_limiter* limiter_;
    const log_fn& log_;
    rate_limit_window window_; // guarded by mutex_
    std::atomic<std::uint64_t> next_{0};
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::exception_ptr failure_;
};

} // namespace

threadpool_scheduler::threadpool_scheduler(evo::host_services host,
                                           const boost::json::object& config)
    : threadpool_scheduler(
          configured_threads(config), configured_limiter(config),
          [host](evo_log_level level, const std::string& message) { host.log(level, message); }) {}

threadpool_scheduler::threadpool_scheduler(unsigned threads,
                                           std::unique_ptr<adaptive_limiter> limiter, log_fn log)
    : threads_(std::max(1u, threads)), limiter_(std::move(limiter)), log_(std::move(log)) {}

void threadpool_scheduler::run(const evo::call& c, const evo::task_batch& batch) {
    if (batch.size() == 0) return;
    unsigned bound = batch.max_concurrency() ? batch.max_concurrency() : threads_;
    auto workers = static_cast<unsigned>(std::min<std::uint64_t>(bound, batch.size()));
    batch_run(c, batch, workers, limiter_.get(), log_).execute();
}

} // namespace threadpool
