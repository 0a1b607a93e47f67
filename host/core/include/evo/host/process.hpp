// Running a program to completion with limits, a timeout and streamed output.
#pragma once

#include <evo/plugin.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

struct process_spec {
    std::vector<std::string> argv; // argv[0] is looked up in PATH
    std::string_view stdin_data;
    int64_t timeout_ms = 0; // 0: none
    uint64_t memory_limit_bytes = 0;
    uint32_t cpu_limit_seconds = 0;
    uint64_t file_size_limit_bytes = 0;
    uint32_t process_limit = 0;
    bool sandbox = false; // wrap in bubblewrap (see sandbox_argv)
};

struct process_status {
    int exit_code = -1;
    int term_signal = 0;
    bool timed_out = false;
    bool cancelled = false;
};

using output_fn = std::function<void(std::string_view)>;

// Runs the program; output arrives through the callbacks (either may be empty).
// Throws std::system_error when the program cannot be started (e.g. not found).
process_status run_process(const process_spec& spec, const evo_call* call, const output_fn& on_stdout,
                           const output_fn& on_stderr);

// The bubblewrap command line that runs `argv` with no capabilities, no network, a read-only
// root, a private /tmp, a clean environment and a new session.
std::vector<std::string> sandbox_argv(const std::vector<std::string>& argv);

// The full path of `program` found in PATH, or empty.
std::string find_in_path(const std::string& program);

} // namespace evo::host
