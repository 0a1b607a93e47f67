#include "deep_stack.hpp"

#include <pthread.h>

#include <exception>

namespace evo::host::detail {
namespace {

struct job {
    const std::function<void()>& work;
    std::exception_ptr failure;
};

void* run(void* arg) {
    auto* j = static_cast<job*>(arg);
    try {
        j->work();
    } catch (...) {
        j->failure = std::current_exception();
    }
    return nullptr;
}

} // namespace

void run_on_deep_stack(const std::function<void()>& work, std::size_t stack_bytes) {
    job j{work, nullptr};
    pthread_attr_t attr;
    pthread_t thread;
    bool started = pthread_attr_init(&attr) == 0;
    if (started) {
        started = pthread_attr_setstacksize(&attr, stack_bytes) == 0 &&
                  pthread_create(&thread, &attr, run, &j) == 0;
        pthread_attr_destroy(&attr);
    }
    if (!started) {
        work(); // the length limit in json_schema.cpp still keeps common patterns in bounds
        return;
    }
    pthread_join(thread, nullptr);
    if (j.failure) std::rethrow_exception(j.failure);
}

} // namespace evo::host::detail
