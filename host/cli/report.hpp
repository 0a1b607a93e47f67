// How findings and results read on a terminal and in JSON; shared by gen, evolve and validate.
#pragma once

#include <evo/host/manifest.hpp>
#include <evo/host/pipeline.hpp>
#include <evo/host/runtime.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace evo::cli {

// "file:line:col: high [layer RULE (B602)] message (hint: ...)"; with `color`, the location,
// the severity (by its level) and the rule are painted (output_style.hpp).
std::string format_finding(const host::finding_record& f, bool color = false);
boost::json::object finding_json(const host::finding_record& f);
// One provider call: provider, model, status ("ok" or the status's name), error, tokens,
// truncated, milliseconds, first_text_milliseconds (null when no text arrived).
boost::json::object call_json(const host::provider_call& c);
// One attempt of a generation: the provider that answered (or failed last), tokens, the
// round's time and its validation's, its findings in full (`detailed`) or as their count, and
// every provider call of the round (`calls`), failed ones included.
boost::json::object attempt_json(const host::attempt& a, bool detailed);

// A generation as `evo gen --json` prints it (and `evo batch`, one a line): outcome, language,
// code, cache_hit, unvalidated, attempts, findings, error.
boost::json::object generation_json(const host::generation_result& r);
// gen's exit code for an outcome: 0 passed, 1 rejected or unvalidated, 3 provider failed.
int generation_exit_code(host::generation_outcome o);
// The outcome generation_json names "outcome"; nullopt for any other text.
std::optional<host::generation_outcome> generation_outcome_named(std::string_view name);

// A file that was not judged, and why: skipped (nothing to judge it with, or not a file to
// read) or errored (judging it failed).
struct file_notice {
    std::string file;
    std::string reason;
    bool routine = false; // skipped for want of a known language: counted, not listed, in text
};
boost::json::object notice_json(const file_notice& n);

// A generation's story on stderr: each attempt and its findings, and how it ended.
void print_generation_report(const host::generation_result& r, const host::manifest& m);

} // namespace evo::cli
