// Helpers shared by the python-security tests: run the analysis on a snippet and ask what
// it reported where.
#pragma once

#include "analyzer.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace python_security_test {

namespace pysec = evo::python_security;

// Snippets are written as raw strings starting on the line after R"(; the leading line
// break is dropped so line 1 is the snippet's first line.
inline std::string_view snippet(std::string_view code) {
    if (!code.empty() && code.front() == '\n') code.remove_prefix(1);
    return code;
}

inline std::vector<pysec::finding> findings_in(std::string_view code,
                                               const pysec::options& settings = {}) {
    return pysec::analyze(snippet(code), settings);
}

inline std::vector<pysec::finding> with_rule(const std::vector<pysec::finding>& findings,
                                             std::string_view rule) {
    std::vector<pysec::finding> matching;
    std::copy_if(findings.begin(), findings.end(), std::back_inserter(matching),
                 [&](const pysec::finding& f) { return f.rule->code == rule; });
    return matching;
}

inline bool reports(std::string_view code, std::string_view rule) {
    return !with_rule(findings_in(code), rule).empty();
}

// The lines on which `rule` is reported.
inline std::vector<std::uint32_t> lines_of(std::string_view code, std::string_view rule) {
    std::vector<std::uint32_t> lines;
    for (const auto& f : with_rule(findings_in(code), rule))
        lines.push_back(f.line);
    return lines;
}

using lines = std::vector<std::uint32_t>;

// Without bandit's import blacklist (B4xx): for tests about what code does, where an
// `import pickle` is reported at low severity by design.
inline std::vector<pysec::finding> without_import_blacklist(std::vector<pysec::finding> found) {
    found.erase(std::remove_if(
                    found.begin(), found.end(),
                    [](const pysec::finding& f) { return f.rule->external_id.starts_with("B4"); }),
                found.end());
    return found;
}

} // namespace python_security_test
