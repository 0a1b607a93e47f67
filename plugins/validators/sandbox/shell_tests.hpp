// Shell tests: the code as command.sh (executable), the tests as test_command.sh
// (command_contracts.hpp), run as
// `bash test_command.sh` with stderr joined to stdout, in the sandbox's work directory. Exit
// status 0 is a pass; TAP-like lines "not ok N - NAME" name the tests that failed.
#pragma once

#include "command_contracts.hpp"
#include "test_report.hpp"

#include <evo/plugin.hpp>

namespace evo_sandbox {

// `run.out` is the script's whole output, stderr included. A run that timed out is the
// caller's to report.
test_report read_shell_run(const evo::process_output& run);

} // namespace evo_sandbox
