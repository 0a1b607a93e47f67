#include "sandbox_exit.hpp"

#include <csignal>
#include <cstdio>

namespace evo::cli {
namespace {

void note_truncation(const char* stream, uint64_t dropped) {
    if (!dropped) return;
    std::fprintf(stderr, "evo: sandbox: %s truncated after %llu bytes; %llu more were dropped\n",
                 stream, static_cast<unsigned long long>(host::default_output_limit),
                 static_cast<unsigned long long>(dropped));
}

} // namespace

int sandboxed_exit_code(const host::process_status& st, double timeout_seconds) {
    note_truncation("stdout", st.stdout_dropped);
    note_truncation("stderr", st.stderr_dropped);
    if (st.cancelled) return exit_interrupted;
    if (st.timed_out) {
        std::fprintf(stderr, "evo: sandbox: killed after the timeout of %g s\n", timeout_seconds);
        return exit_timed_out;
    }
    if (st.stopped)
        return 128 + SIGPIPE; // our stdout's reader left: what the command would have died of
    if (st.term_signal) return 128 + st.term_signal;
    return st.exit_code;
}

} // namespace evo::cli
