#include "spawn_thread.hpp"

#include <utility>

namespace evo::python_syntax {

spawn_thread::~spawn_thread() {
    {
        std::lock_guard lock(mutex_);
        if (!thread_.joinable()) return;
        stopping_ = true;
    }
    queued_.notify_one();
    thread_.join();
}

int spawn_thread::run(std::function<int()> start) {
    std::packaged_task<int()> task(std::move(start));
    std::future<int> result = task.get_future();
    {
        std::lock_guard lock(mutex_);
        // Started before the task is queued: a thread that cannot start leaves nothing behind.
        if (!thread_.joinable()) thread_ = std::thread([this] { serve(); });
        tasks_.push_back(std::move(task));
    }
    queued_.notify_one();
    return result.get();
}

void spawn_thread::serve() {
    for (;;) {
        std::packaged_task<int()> task;
        {
            std::unique_lock lock(mutex_);
            queued_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            if (tasks_.empty()) return;
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        task();
    }
}

} // namespace evo::python_syntax
