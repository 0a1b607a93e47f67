// The verdicts of Debian's python3.11 itself: one interpreter process compiles every file
// with compile(source_bytes, path, 'exec', dont_inherit=True).
#pragma once

#include "plugin_instance.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace evo::test {

struct reference_verdict {
    bool compiled = false;
    bool syntax_error = false; // SyntaxError or a subclass
    std::string error_class;
    std::string message;
    int line = 0;   // SyntaxError.lineno
    int column = 0; // SyntaxError.offset
};

std::vector<reference_verdict> reference_verdicts(const std::vector<std::filesystem::path>& files);

// "X.Y.Z" of the reference interpreter.
std::string reference_version();

// What the plugin must report for a reference verdict: nothing, or one finding whose
// message, and for SyntaxErrors line and column, match CPython's.
std::optional<reported_finding> expected_finding(const reference_verdict& verdict);

} // namespace evo::test
