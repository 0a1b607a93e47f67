// One measured run: fork, optionally drop to an unprivileged uid (as evo does before exec'ing
// bwrap when it is root), exec, and the wall time from fork to the end of its stdout and its
// exit status, whichever comes last.
#pragma once

#include <evo/host/sandbox.hpp>

#include <optional>
#include <string>
#include <vector>

namespace evo::sandbox_bench {

struct command {
    std::string label;
    std::vector<std::string> argv; // argv[0] is a path
    std::optional<host::run_as> identity;
};

// The wall time in ms; throws std::runtime_error when the command did not exit 0.
double timed_run(const command& c);

} // namespace evo::sandbox_bench
