// One thread, living as long as the worker pool, that starts every worker.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace evo::python_syntax {

// bubblewrap's --die-with-parent sets PR_SET_PDEATHSIG, which Linux ties to the *thread* that
// started the process: a sandboxed worker started by a host thread would be killed when that
// thread ends (a scheduler's thread, a std::async). Started from this thread, workers live
// until the pool ends them. The thread starts with the first worker, not with the pool: a
// `manifest check` or a run that judges no Python creates the plugin and never starts one.
class spawn_thread {
  public:
    spawn_thread() = default;
    ~spawn_thread();
    spawn_thread(const spawn_thread&) = delete;
    spawn_thread& operator=(const spawn_thread&) = delete;

    // Runs `start` on the thread and returns its result (posix_spawn's).
    int run(std::function<int()> start);

  private:
    void serve();

    std::mutex mutex_;
    std::condition_variable queued_;
    std::deque<std::packaged_task<int()>> tasks_;
    bool stopping_ = false;
    std::thread thread_; // started by the first run(), under mutex_
};

} // namespace evo::python_syntax
