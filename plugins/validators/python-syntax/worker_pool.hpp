// A fixed number of worker slots shared by the host's threads: each call borrows an idle
// worker (starting one in an empty slot when none is idle, waiting when all are busy), so N
// host threads keep N workers busy, and a worker that crashed or timed out is replaced.
#pragma once

#include "spawn_thread.hpp"
#include "worker_process.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace evo::python_syntax {

class worker_pool {
  public:
    worker_pool(worker_options options, std::size_t size);

    // Judges one source on some worker within `timeout`, counted once a worker has it, and
    // within the caller's own limit. Throws evo::error when no worker can be started.
    exchange judge(std::string_view source, std::string_view filename,
                   std::chrono::milliseconds timeout, const wait_limit& caller);

  private:
    std::unique_ptr<worker_process> borrow(const wait_limit& start_up);
    void give_back(std::unique_ptr<worker_process> worker) noexcept;

    spawn_thread spawner_; // outlives every worker: members are destroyed in reverse
    const worker_options options_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<worker_process>> idle_;
    std::size_t empty_slots_;
};

} // namespace evo::python_syntax
