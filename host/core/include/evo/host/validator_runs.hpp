// Every validator of the pipeline on one piece of code: one after another, or all at once
// with [pipeline] parallel_validators. Shared by the generation pipeline and evo validate, so
// both judge code the same way in either mode.
#pragma once

#include <evo/host/runtime.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

// One validator's part: its verdict and only its own findings.
struct validator_run {
    std::string id;
    validator_verdict verdict;
    std::vector<finding_record> findings;
};

// What the caller does after a validator failed (validator_verdict::result::failed).
enum class after_failure {
    go_on, // every validator still judges the code (the pipeline reports each failure)
    stop,  // the failed one is the last of the result (evo validate errs on the file)
};

// The pipeline's validators on `text`, in manifest order. Run concurrently, the result is
// the same as run one after another: each validator collects its findings apart, and with
// `stop` everything after the first failure in manifest order is dropped. An exception
// thrown by a validator's call is rethrown, the first in manifest order.
std::vector<validator_run> run_validators(runtime& rt, const evo_call* call, std::string_view text,
                                          std::string_view language, std::string_view path,
                                          std::string_view tests, after_failure then);

} // namespace evo::host
