#include "sandbox_exit.hpp"

#include "stderr_line.hpp"

#include <csignal>
#include <cstdio>
#include <string>

namespace evo::cli {
namespace {

void note_truncation(const char* stream, uint64_t dropped) {
    if (!dropped) return;
    stderr_line(line_level::warning,
                std::string("sandbox: ") + stream + " truncated after " +
                    std::to_string(host::default_output_limit) + " bytes; " + std::to_string(dropped) +
                    " more were dropped",
                {{"stream", stream}, {"dropped", dropped}});
}

} // namespace

int sandboxed_exit_code(const host::process_status& st, double timeout_seconds) {
    note_truncation("stdout", st.stdout_dropped);
    note_truncation("stderr", st.stderr_dropped);
    if (st.cancelled) return exit_interrupted;
    if (st.timed_out) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%g", timeout_seconds);
        stderr_error(std::string("sandbox: killed after the timeout of ") + seconds + " s",
                    {{"timeout_seconds", timeout_seconds}});
        return exit_timed_out;
    }
    if (st.stopped)
        return 128 + SIGPIPE; // our stdout's reader left: what the command would have died of
    if (st.term_signal) return 128 + st.term_signal;
    return st.exit_code;
}

} // namespace evo::cli
