#include "report.hpp"

#include "output_style.hpp"
#include "stderr_line.hpp"
#include "test_code.hpp"
#include "wording.hpp"

#include <unistd.h>

#include <evo/host/error.hpp>
#include <evo/host/manifest.hpp>
#include <evo/host/plugin_instance.hpp>

namespace evo::cli {

namespace {

style severity_style(int severity) {
    if (severity >= EVO_SEVERITY_HIGH) return style::error;
    if (severity == EVO_SEVERITY_MEDIUM) return style::warning;
    if (severity == EVO_SEVERITY_LOW) return style::note;
    return style::info;
}

} // namespace

std::string format_finding(const host::finding_record& f, bool color) {
    std::string where = f.file.empty() ? "<generated>" : f.file;
    if (f.line) where += ":" + std::to_string(f.line) + (f.column ? ":" + std::to_string(f.column) : "");
    std::string rule = f.layer + " " + paint(style::rule, f.rule_id, color) +
                       (f.external_id.empty() ? "" : " (" + f.external_id + ")");
    std::string text = paint(style::location, where, color) + ": " +
                       paint(severity_style(f.severity), host::severity_name(f.severity), color) + " [" +
                       rule + "] " + f.message;
    if (!f.fix_hint.empty()) text += " (hint: " + f.fix_hint + ")";
    return text;
}

boost::json::object finding_json(const host::finding_record& f) {
    return {{"layer", f.layer},
            {"rule_id", f.rule_id},
            {"external_id", f.external_id},
            {"severity", host::severity_name(f.severity)},
            {"confidence", host::severity_name(f.confidence)},
            {"file", f.file},
            {"line", f.line},
            {"column", f.column},
            {"message", f.message},
            {"fix_hint", f.fix_hint},
            {"in_tests", is_test_code(f.file)}};
}

boost::json::object call_json(const host::provider_call& c) {
    boost::json::value first_text = nullptr;
    if (c.first_text_milliseconds >= 0) first_text = c.first_text_milliseconds;
    return {{"provider", c.completion.provider},
            {"model", c.completion.model},
            {"status", host::status_name(c.completion.status)}, // "ok", "rate limited", ...
            {"error", c.completion.error},
            {"prompt_tokens", c.completion.prompt_tokens},
            {"completion_tokens", c.completion.completion_tokens},
            {"truncated", c.completion.truncated},
            {"milliseconds", c.milliseconds},
            {"first_text_milliseconds", std::move(first_text)}};
}

boost::json::object attempt_json(const host::attempt& a, bool detailed) {
    boost::json::value findings = a.findings.size();
    if (detailed) {
        boost::json::array all;
        for (const auto& f : a.findings) all.push_back(finding_json(f));
        findings = std::move(all);
    }
    boost::json::array calls;
    for (const auto& c : a.calls) calls.push_back(call_json(c));
    return {{"number", a.number},
            {"provider", a.completion.provider},
            {"model", a.completion.model},
            {"prompt_tokens", a.completion.prompt_tokens},
            {"completion_tokens", a.completion.completion_tokens},
            {"milliseconds", a.milliseconds},
            {"validation_milliseconds", a.validation_milliseconds},
            {"findings", std::move(findings)},
            {"calls", std::move(calls)}};
}

boost::json::object notice_json(const file_notice& n) {
    return {{"file", n.file}, {"reason", n.reason}};
}

namespace {

std::string unvalidated_text(const std::string& language) {
    return "no validator of the pipeline judges " + language + ", so the code is unvalidated";
}

} // namespace

namespace {

std::string via(const host::completion_result& c) {
    return c.provider + (c.model.empty() ? "" : " (" + c.model + ")");
}

// A provider call the round moved past, or the last one when none answered.
void print_failed_call(const host::attempt& a, const host::provider_call& c) {
    const std::string why = c.completion.status == EVO_OK && c.completion.truncated
                                ? "answer was truncated (max_tokens reached)"
                                : host::status_name(c.completion.status) + ": " + c.completion.error;
    stderr_line(line_level::warning,
                "attempt " + std::to_string(a.number) + " via " + via(c.completion) + ": failed after " +
                    std::to_string(static_cast<long>(c.milliseconds)) + " ms: " + why,
                {{"attempt", a.number}, {"call", call_json(c)}});
}

} // namespace

void print_generation_report(const host::generation_result& r, const host::manifest& m) {
    // -q: the code alone on stdout; of the report, only the lines that say why there is none.
    const bool report = !quiet();
    if (r.cache_hit) {
        if (!report) return;
        stderr_line(line_level::info, r.language + ": cache hit (validated by the current validator set)",
                    {{"cache_hit", true}, {"language", r.language}});
        return;
    }
    for (const auto& a : r.attempts) {
        const bool answered = !a.calls.empty() && a.calls.back().completion.status == EVO_OK &&
                              !a.calls.back().completion.truncated;
        // Quiet, a rejection still shows the findings that rejected it (its last attempt's).
        const bool rejecting = r.outcome == host::generation_outcome::rejected && &a == &r.attempts.back();
        if (!report && !rejecting) continue;
        if (report) {
            for (std::size_t i = 0; i < a.calls.size(); ++i)
                if (i + 1 < a.calls.size() || !answered) print_failed_call(a, a.calls[i]);
            if (!answered && !a.calls.empty()) continue; // the error line below says how it ended
            stderr_line(line_level::info,
                        "attempt " + std::to_string(a.number) + " via " + via(a.completion) + ": " +
                            std::to_string(a.completion.completion_tokens) + " tokens, " +
                            std::to_string(static_cast<long>(a.milliseconds)) + " ms, " +
                            plural(a.findings.size(), "finding"),
                        {{"attempt", attempt_json(a, false)}});
        }
        for (const auto& f : a.findings) {
            const bool below = !host::fails(f, m.pipeline.fail_on);
            const std::string prefix = below ? "(below fail_on) " : "";
            auto fields = finding_json(f);
            fields["attempt"] = a.number;
            fields["below_fail_on"] = below;
            // Colour in the text form only: the JSON line's message stays plain.
            const bool color = !json_lines() && color_enabled(STDERR_FILENO);
            stderr_line_as("  " + prefix + format_finding(f, color), line_level::warning,
                           prefix + format_finding(f), std::move(fields));
        }
    }
    const auto attempts = static_cast<int>(r.attempts.size());
    if (r.outcome == host::generation_outcome::passed && r.attempts.size() > 1)
        stderr_line(line_level::info, "passed after " + plural(r.attempts.size() - 1, "repair"),
                    {{"outcome", "passed"}, {"attempts", attempts}});
    if (r.outcome == host::generation_outcome::rejected)
        stderr_error("rejected: the code did not pass validation after " +
                         plural(r.attempts.size(), "attempt"),
                    {{"outcome", "rejected"}, {"attempts", attempts}});
    if (r.outcome == host::generation_outcome::provider_failed)
        stderr_error(r.error, {{"outcome", "provider_failed"}});
    if (r.outcome == host::generation_outcome::unvalidated)
        stderr_error(unvalidated_text(r.language) + "; refused (set [pipeline] allow_unvalidated = true to accept it)",
                     {{"outcome", "unvalidated"}});
    else if (r.unvalidated && report)
        stderr_warning(unvalidated_text(r.language) + "; accepted by [pipeline] allow_unvalidated",
                       {{"unvalidated", true}});
}

namespace {

const char* outcome_name(host::generation_outcome o) {
    switch (o) {
    case host::generation_outcome::passed: return "passed";
    case host::generation_outcome::rejected: return "rejected";
    case host::generation_outcome::provider_failed: return "provider_failed";
    case host::generation_outcome::unvalidated:
        return "unvalidated";
    }
    return "?";
}

} // namespace

boost::json::object generation_json(const host::generation_result& r) {
    boost::json::array findings, attempts;
    for (const auto& f : r.findings) findings.push_back(finding_json(f));
    for (const auto& a : r.attempts) attempts.push_back(attempt_json(a, false));
    return {{"outcome", outcome_name(r.outcome)},
            {"language", r.language},
            {"code", r.code},
            {"cache_hit", r.cache_hit},
            {"unvalidated", r.unvalidated},
            {"attempts", attempts},
            {"findings", findings},
            {"error", r.error}};
}

std::optional<host::generation_outcome> generation_outcome_named(std::string_view name) {
    for (auto o : {host::generation_outcome::passed, host::generation_outcome::rejected,
                   host::generation_outcome::provider_failed, host::generation_outcome::unvalidated})
        if (name == outcome_name(o)) return o;
    return std::nullopt;
}

int generation_exit_code(host::generation_outcome o) {
    switch (o) {
    case host::generation_outcome::passed: return 0;
    case host::generation_outcome::rejected:
    case host::generation_outcome::unvalidated:
        return static_cast<int>(host::exit_code::validation_failed);
    case host::generation_outcome::provider_failed: break;
    }
    return static_cast<int>(host::exit_code::runtime);
}

} // namespace evo::cli
