// evo validate's cache: one source's verdicts, keyed by what decides them, so an unchanged
// file is served from the pipeline's cache instead of being checked again.
#pragma once

#include <evo/host/runtime.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

// What one validator made of one source.
struct cached_verdict {
    std::string validator; // the instance ID
    bool judged = false;   // false: not_applicable
    std::vector<finding_record> findings;
};

// A hash of the content, the language (canonical) and, for each validator of the pipeline that
// judges it, runtime::fingerprint and on_fail, with fail_on. Not the path: the same content
// elsewhere is the same verdict.
std::string validation_cache_key(const runtime& rt, std::string_view text,
                                 std::string_view language);

// What validation_cache_key covers except the content, hashed: the validator set as it judges
// `language` here. Two processes with the same fingerprint give the same verdicts for the same
// text (evo worker refuses a task from a client whose fingerprint differs).
std::string validator_set_fingerprint(const runtime& rt, std::string_view language);

// The verdicts as JSON; findings without their file, which the path of a hit fills in.
std::string encode_verdicts(const std::vector<cached_verdict>& verdicts);

// The verdicts of an entry with `file` in every finding; nullopt when the entry is not one
// encode_verdicts wrote (then it is a miss, never an error).
std::optional<std::vector<cached_verdict>> decode_verdicts(std::string_view value,
                                                           const std::string& file);

} // namespace evo::host
