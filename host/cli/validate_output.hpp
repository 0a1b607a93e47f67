// What evo validate prints: findings as text, JSON or SARIF on stdout; skipped and errored
// files and a summary on stderr (and in JSON and SARIF).
#pragma once

#include "report.hpp"

#include <evo/host/runtime.hpp>

#include <string>
#include <vector>

namespace evo::cli {

struct validate_report {
    std::vector<host::finding_record> findings;
    std::vector<file_notice> skipped; // nothing to judge them with, or not regular files
    std::vector<file_notice> errors;  // judging them failed: the run exits 3
    std::size_t files = 0, lines = 0; // files checked, and their lines
    std::size_t cached = 0;           // of the files checked: served from the cache
    double seconds = 0;
    std::size_t excluded_in_tests = 0; // --exclude-tests: findings in test code left out
    bool exclude_tests = false;        // --exclude-tests was given
    bool baseline = false;             // --baseline was given (baseline.hpp)
    std::size_t baseline_hidden = 0;   // findings the baseline held, not shown
};

void print_report(const std::string& format, const validate_report& report);

} // namespace evo::cli
