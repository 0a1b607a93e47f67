// Python tests: the code as command.py, the tests as test_command.py (command_contracts.hpp),
// and evo_test_harness.py (embedded in the plugin), run as `python3 evo_test_harness.py
// test_command` in the sandbox's work directory, so the tests `import command` or run
// `python3 command.py`.
#pragma once

#include "command_contracts.hpp"
#include "test_report.hpp"

#include <evo/plugin.hpp>

namespace evo_sandbox {

extern const char* const python_harness; // the text of evo_test_harness.py

inline constexpr const char* python_harness_file = "evo_test_harness.py";

// What the harness's run says: its result lines on stdout, the tests' own output on stderr.
// A run that timed out is the caller's to report; this reads what came before.
test_report read_python_run(const evo::process_output& run);

} // namespace evo_sandbox
