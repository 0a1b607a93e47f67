// One running worker (python3.11 serving the worker module) and the socket to it.
#pragma once

#include "deadline_io.hpp"
#include "protocol.hpp"

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::python_syntax {

struct worker_options {
    std::string python;           // the interpreter that runs the worker module
    std::string module;           // the worker module, evo-python-syntax-worker.so
    uint64_t memory_limit_mb = 0; // RLIMIT_AS of the worker; 0: none
    // Turns the interpreter's command line into the one to execute, e.g. the host's sandbox
    // around it; throws evo::error when it cannot. Empty: the interpreter is run bare.
    std::function<std::vector<std::string>(const std::vector<std::string>&)> wrap;
    // Runs posix_spawn on the thread workers are started from; empty: on the caller's.
    std::function<int(std::function<int()>)> on_spawn_thread;
};

// The interpreter's command line that serves the worker module on stdin/stdout.
std::vector<std::string> worker_command(const worker_options& options);

// What came of sending one source to a worker.
struct exchange {
    enum class status { answered, crashed, timed_out, cancelled };
    status state = status::answered;
    verdict answer;           // when answered
    std::string how_it_ended; // when crashed, e.g. "was killed by signal 11 (Segmentation fault)"
};

class worker_process {
  public:
    // Starts a worker and waits for its greeting; throws evo::error when it cannot start.
    worker_process(const worker_options& options, const wait_limit& start_up);
    ~worker_process();
    worker_process(const worker_process&) = delete;
    worker_process& operator=(const worker_process&) = delete;

    exchange judge(std::string_view source, std::string_view filename, const wait_limit& limit);

    // False once a request did not end in an answer: the worker must then be replaced.
    bool usable() const noexcept { return usable_; }

  private:
    void spawn(const worker_options& options);
    void await_greeting(const std::string& module, const wait_limit& start_up);
    exchange receive_verdict(const wait_limit& limit);
    exchange ended(io_status status);
    std::optional<int> end_process(bool exiting = false) noexcept;
    std::string reap();
    void stop() noexcept;

    pid_t pid_ = -1;
    int socket_ = -1;
    bool usable_ = false;
    bool wrapped_ = false; // pid_ is the sandbox (bwrap), not the interpreter itself
};

} // namespace evo::python_syntax
