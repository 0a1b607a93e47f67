// What a run of the tests that came with a source says, before it becomes findings.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace evo_sandbox {

struct failed_test {
    std::string name;
    std::string output; // what it printed and its traceback, whole
};

// The tests could not run, or not to the end.
struct tests_did_not_run {
    std::string why;    // one line, e.g. "the tests could not be imported"
    std::string output; // what says more, whole; may be empty
};

struct test_report {
    std::vector<failed_test> failed; // in the order they ran
    std::optional<tests_did_not_run> did_not_run;
};

} // namespace evo_sandbox
