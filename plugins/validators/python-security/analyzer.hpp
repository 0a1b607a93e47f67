// The python-security analysis: Python source in, findings out. Stateless and thread-safe.
#pragma once

#include "rules.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evo::python_security {

struct options {
    bool ignore_suppressions = false; // report what `# evo: ignore` and `# nosec` would hide
    std::vector<rule> disabled_rules;
};

struct finding {
    const rule_info* rule;
    evo_severity severity;
    evo_severity confidence;
    std::uint32_t line;   // 1-based
    std::uint32_t column; // 1-based, in code points
    std::string message;
};

// Findings in source order, at most one per rule and position.
std::vector<finding> analyze(std::string_view source, const options& settings = {});

} // namespace evo::python_security
