// Baselines (evo validate --baseline FILE, --write-baseline FILE): findings saved once and hidden
// from later runs, as bandit's -b. A finding matches by file, layer, rule id and a fingerprint
// of its code -- the SHA-256 of the flagged line with its whitespace normalised, or of the
// message when the finding has no line -- and an occurrence index among findings with the same
// four, so editing other lines does not resurface it, and a third copy of a line whose two
// copies are in the baseline is reported. See docs/suppressions.md.
#pragma once

#include <evo/host/runtime.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace evo::cli {

struct validate_report;

// The text of the lines findings point at, by (file as the finding names it, line), taken from
// the very text that was judged (a file is never read again: stdin has no second reading).
using finding_code = std::map<std::pair<std::string, unsigned>, std::string>;

// The lines of `text` that `findings` point at, added to `into`.
void keep_finding_code(std::string_view text, const std::vector<host::finding_record>& findings,
                       finding_code& into);

// One saved finding: where, which rule, and what its code looked like.
struct baseline_key {
    std::string file, layer, rule_id, fingerprint;
    std::size_t occurrence = 0;
    auto tie() const { return std::tie(file, layer, rule_id, fingerprint, occurrence); }
    bool operator<(const baseline_key& o) const { return tie() < o.tie(); }
};

// The keys of `findings`, in their order.
std::vector<baseline_key> baseline_keys(const std::vector<host::finding_record>& findings,
                                        const finding_code& code);

// A baseline file, read whole; a file that is missing, unreadable, malformed or of another
// version is a config_error naming it (and the position in it when the JSON is malformed).
std::vector<baseline_key> read_baseline(const std::string& file);

// Replaces `file` with the baseline of `findings` at once (a temporary file in the same
// directory, then rename): a failed write leaves the old file as it was. runtime_error on
// failure.
// `keys` are baseline_keys(findings, ...).
void write_baseline(const std::string& file, const std::vector<host::finding_record>& findings,
                    const std::vector<baseline_key>& keys);

// What --baseline and --write-baseline ask of a run.
struct baseline_options {
    std::string read;  // --baseline: hide the findings this file holds
    std::string write; // --write-baseline: save the run's findings here
    bool any() const { return !read.empty() || !write.empty(); }
};

// After every other filter: writes the baseline (when asked and no file errored), then hides
// the findings the read baseline holds, counting them in the report.
void apply_baseline(const baseline_options& opt, const std::vector<baseline_key>& saved,
                    validate_report& report, const finding_code& code);

// SARIF: with a baseline, each result shown is "new" (baselineState) and the run's properties
// say how many were hidden.
void mark_sarif_baseline(boost::json::object& log, const validate_report& report);

} // namespace evo::cli
