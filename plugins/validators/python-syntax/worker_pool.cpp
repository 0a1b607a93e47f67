#include "worker_pool.hpp"

#include <algorithm>
#include <utility>

namespace evo::python_syntax {
namespace {

// Python starts in tens of milliseconds; this only bounds a worker that hangs while starting.
// Starting is not the source's fault, so it does not count against the source's timeout.
constexpr std::chrono::seconds start_up_timeout{30};

wait_limit within(std::chrono::steady_clock::duration span, const wait_limit& caller) {
    return {std::min(steady_clock::now() + span, caller.deadline), caller.cancelled};
}

// Every worker starts on the pool's own thread (spawn_thread.hpp says why).
worker_options with_spawner(worker_options options, spawn_thread& spawner) {
    options.on_spawn_thread = [&spawner](std::function<int()> start) {
        return spawner.run(std::move(start));
    };
    return options;
}

} // namespace

worker_pool::worker_pool(worker_options options, std::size_t size)
    : options_(with_spawner(std::move(options), spawner_)), empty_slots_(size) {
    idle_.reserve(size); // so give_back never allocates
}

exchange worker_pool::judge(std::string_view source, std::string_view filename,
                            std::chrono::milliseconds timeout, const wait_limit& caller) {
    std::unique_ptr<worker_process> worker = borrow(within(start_up_timeout, caller));
    exchange result;
    try {
        result = worker->judge(source, filename, within(timeout, caller));
    } catch (...) {
        give_back(std::move(worker));
        throw;
    }
    give_back(std::move(worker));
    return result;
}

std::unique_ptr<worker_process> worker_pool::borrow(const wait_limit& start_up) {
    {
        std::unique_lock lock(mutex_);
        returned_.wait(lock, [this] { return !idle_.empty() || empty_slots_ > 0; });
        if (!idle_.empty()) {
            std::unique_ptr<worker_process> worker = std::move(idle_.back());
            idle_.pop_back();
            return worker;
        }
        --empty_slots_;
    }
    try {
        return std::make_unique<worker_process>(options_, start_up);
    } catch (...) {
        give_back(nullptr);
        throw;
    }
}

// Takes a worker back, or, for a spent one (or none), frees its slot for a fresh worker.
void worker_pool::give_back(std::unique_ptr<worker_process> worker) noexcept {
    if (worker && !worker->usable()) worker.reset(); // kills it, outside the lock
    {
        std::lock_guard lock(mutex_);
        if (worker)
            idle_.push_back(std::move(worker));
        else
            ++empty_slots_;
    }
    returned_.notify_one();
}

} // namespace evo::python_syntax
