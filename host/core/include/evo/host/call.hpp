// Cancellation and deadlines for calls into plugins and host services.
#pragma once

#include <evo/plugin.h>

#include <atomic>
#include <chrono>
#include <cstdint>

namespace evo::host {

// Set once, from a signal handler or another thread; every call made under it sees it.
class cancellation {
public:
    void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return flag_.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> flag_{false};
};

// The process-wide cancellation that SIGINT/SIGTERM trigger.
cancellation& process_cancellation() noexcept;

int64_t now_unix_ms() noexcept;

// An evo_call bound to a cancellation and an optional deadline.
class call_scope {
public:
    explicit call_scope(const cancellation& c = process_cancellation(), int64_t deadline_unix_ms = 0) noexcept;
    call_scope(const call_scope&) = delete;
    call_scope& operator=(const call_scope&) = delete;

    const evo_call* raw() const noexcept { return &raw_; }
    // The time left in milliseconds, or `fallback` when there is no deadline (at least 1).
    int64_t remaining_ms(int64_t fallback) const noexcept;

private:
    evo_call raw_{};
};

// Reads a call passed by a plugin (which may be NULL or smaller than ours).
bool call_cancelled(const evo_call* call) noexcept;
int64_t call_deadline(const evo_call* call) noexcept;

} // namespace evo::host
