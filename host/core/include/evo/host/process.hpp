// Running a program to completion with limits, a timeout and streamed output.
#pragma once

#include <evo/plugin.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace evo::host {

inline constexpr uint64_t default_output_limit = uint64_t{16} << 20;

struct process_spec {
    // A file the sandbox shows in its working directory: /sandbox/NAME, read-only.
    struct sandbox_file {
        std::string name; // a plain file name: no '/', not "." or ".."
        std::string_view content;
        bool executable = false;
    };

    std::vector<std::string> argv; // argv[0] is looked up in PATH (the sandbox's, when sandboxed)
    std::string_view stdin_data;
    bool inherit_stdin = false; // the child reads evo's own stdin instead (evo sandbox run)
    int64_t timeout_ms = 0;     // 0: none
    uint64_t memory_limit_bytes = 0;
    uint32_t cpu_limit_seconds = 0;
    uint64_t file_size_limit_bytes = 0;
    uint32_t open_file_limit = 0;
    uint32_t process_limit = 0;
    // Per stream: output past it is counted in process_status and dropped. 0: none.
    uint64_t output_limit_bytes = default_output_limit;
    // Names passed from evo's environment on top of the minimal one (child_environment.hpp).
    std::vector<std::string> granted_env;
    bool sandbox = false; // run inside the host's sandbox (sandbox.hpp), with its default limits
    std::vector<std::string> read_only_paths; // sandbox only: extra host paths it may read
    // Sandbox only: placed read-only in the work dir (/sandbox/NAME) before the program starts.
    // A bad name (or files without the sandbox) is std::invalid_argument.
    std::vector<sandbox_file> sandbox_files;
    // The child writes to evo's own stdout/stderr (no capture, no cap): on_stdout and
    // on_stderr are not called. With inherit_stdin, for `evo NAME`.
    bool inherit_output = false;
};
using sandbox_file = process_spec::sandbox_file;

struct process_status {
    int exit_code = -1;
    int term_signal = 0;
    bool timed_out = false;
    bool cancelled = false;
    bool stopped = false; // an output callback asked to stop; the group was killed
    uint64_t stdout_dropped = 0; // bytes past output_limit_bytes
    uint64_t stderr_dropped = 0;
};

// Receives a chunk of output; returning false stops the program (its process group is killed).
using output_fn = std::function<bool(std::string_view)>;

// The program does not exist, or the sandbox cannot see it. what() is the message alone.
class command_not_found : public std::system_error {
  public:
    explicit command_not_found(const std::string& message)
        : std::system_error(ENOENT, std::generic_category(), message), message_(message) {}
    const char* what() const noexcept override { return message_.c_str(); }

  private:
    std::string message_;
};

// Runs the program; output arrives through the callbacks (either may be empty). Whatever
// happens, including a callback's exception, the process group is killed and reaped and every
// descriptor closed before this returns. Throws command_not_found, sandbox_unavailable
// (sandbox.hpp) or another std::system_error when the program cannot be started.
process_status run_process(const process_spec& spec, const evo_call* call, const output_fn& on_stdout,
                           const output_fn& on_stderr);

// The full path of `program` found in PATH, or empty.
std::string find_in_path(const std::string& program);

} // namespace evo::host
