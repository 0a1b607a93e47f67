// Runs one measured process: fork/exec, then wait4() for its exit status and peak memory.
#pragma once

#include <string>
#include <vector>

namespace evo::bench {

enum class output_mode { capture, discard };

struct process_result {
    int exit_code = 0;      // 128 + signal number when a signal ended it
    double wall_ms = 0;     // from just before fork to wait4's return
    double max_rss_kib = 0; // ru_maxrss of the child
    std::string out;        // captured stdout and stderr (output_mode::capture)
    std::string err;
};

// argv[0] is the executable's path; no PATH search. stdin is /dev/null. The child gets its
// own process group (see interrupt.hpp). Throws bench_error when it cannot start.
process_result run_process(const std::vector<std::string>& argv, output_mode mode);

// "NAME exited with 1: <last line of stderr>", for error messages.
std::string describe_failure(const std::string& name, const process_result& result);

} // namespace evo::bench
