// One measured run of a command: posix_spawn (vfork: the child's CPU time is its own, not the
// copy of the benchmark's memory a fork child would tear down), stdin from a file, stdout read
// to its end, then wait4 for the exit status and the CPU time of the command and every
// process it waited for.
#pragma once

#include <string>
#include <vector>

namespace evo::evolve_bench {

struct run_result {
    int exit_code = 0; // 128 + signal number when a signal ended it
    double wall_ms = 0; // from just before the spawn to the end of stdout and the exit, whichever is last
    double cpu_ms = 0;  // user + system time of the command and the children it waited for
    std::string out;    // stdout
};

// argv[0] is a path; stdin is `stdin_file` (/dev/null when empty); stderr is discarded.
// Throws std::runtime_error when the command cannot start.
run_result timed_run(const std::vector<std::string>& argv, const std::string& stdin_file);

} // namespace evo::evolve_bench
