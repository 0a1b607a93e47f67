// The python-syntax workers this test process has started, seen through /proc.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <vector>

namespace evo::test {

// Live (not zombie) descendants of this process running evo-python-syntax-worker: the
// interpreters themselves, inside the sandbox or not.
std::vector<pid_t> running_workers();

// The state letter of /proc/PID/stat: 'R' running, 'S' sleeping, ...; 0 when it is gone.
char process_state(pid_t pid);

// Polls `condition` until it holds; false if it still does not after `limit`.
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds limit = std::chrono::seconds(30));

} // namespace evo::test
