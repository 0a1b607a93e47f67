// What the pipeline's validators make of one file's text, from the cache when the text is
// unchanged: the one judgement evo validate makes of a file, in its own process or in an
// evo worker's (docs/distributed.md), so both give the same findings.
#pragma once

#include <evo/host/runtime.hpp>
#include <evo/host/validation_cache.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

struct file_judgement {
    enum class state { checked, skipped, errored };
    state end = state::checked;
    std::vector<cached_verdict> verdicts; // checked: each judging validator's, in manifest order
    std::string reason;                   // skipped, errored: why
    bool policy_refused = false;          // errored because the network policy refused a provider
    bool cached = false;                  // checked: its verdicts came from the cache

    // Every finding, validator by validator in manifest order.
    std::vector<finding_record> findings() &&;
};

// `text` (in canonical `language`, shown as `path`) through every validator of the pipeline,
// or from the pipeline's cache when `use_cache` and an entry for it is there; a checked
// verdict is stored. Never an exception for a validator's failure: that is `errored`.
file_judgement judge_text(runtime& rt, const evo_call* call, std::string_view text,
                          std::string_view language, const std::string& path, bool use_cache);

// A judgement as a worker's result text, and back (findings at `path`); nullopt when the text
// is not one judgement_text wrote.
std::string judgement_text(const file_judgement& j);
std::optional<file_judgement> judgement_from_text(std::string_view text, const std::string& path);

} // namespace evo::host
