// How a program run in the sandbox ends as evo's own exit: its exit code, 128 + the signal that
// killed it, 124 on the timeout (as timeout(1)), 130 when evo was asked to stop. Shared by
// `evo sandbox run` and `evo NAME`, which pass the program's status through.
#pragma once

#include <evo/host/process.hpp>

namespace evo::cli {

inline constexpr int exit_timed_out = 124;   // as timeout(1)
inline constexpr int exit_not_found = 127;   // as a shell
inline constexpr int exit_interrupted = 130; // 128 + SIGINT

// Says on stderr what happened when it is not the program's own doing (output truncated, the
// timeout of `timeout_seconds`).
int sandboxed_exit_code(const host::process_status& st, double timeout_seconds);

} // namespace evo::cli
