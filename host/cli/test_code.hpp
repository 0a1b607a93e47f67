// Whether a file is test code, the one rule `evo validate` uses to mark findings in tests
// (`"in_tests"` in JSON, a SARIF result property) and to leave them out (--exclude-tests).
#pragma once

#include <string_view>

namespace evo::cli {

// True for a path with a directory named `tests` or `test` (as written: relative paths are
// judged from where they start), and for files named `test_*`, `*_test.<ext>` or
// `conftest.py`, whatever their directory.
bool is_test_code(std::string_view file);

} // namespace evo::cli
