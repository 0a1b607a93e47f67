// Runs the native rules on a script and picks out one rule's findings.
#pragma once

#include "shell_rules.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace shell_test {

inline std::vector<evo::finding> findings_of(std::string_view script, std::string_view rule) {
    std::vector<evo::finding> selected;
    for (evo::finding& f : evo::shell::analyze(script))
        if (f.rule_id == rule) selected.push_back(std::move(f));
    return selected;
}

inline std::vector<std::string> rule_ids(std::string_view script) {
    std::vector<std::string> ids;
    for (const evo::finding& f : evo::shell::analyze(script))
        ids.push_back(f.rule_id);
    return ids;
}

} // namespace shell_test
