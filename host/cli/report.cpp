#include "report.hpp"

#include <evo/host/error.hpp>
#include <evo/host/manifest.hpp>

#include <iostream>

namespace evo::cli {

std::string format_finding(const host::finding_record& f) {
    std::string where = f.file.empty() ? "<generated>" : f.file;
    if (f.line) where += ":" + std::to_string(f.line) + (f.column ? ":" + std::to_string(f.column) : "");
    std::string rule = f.layer + " " + f.rule_id + (f.external_id.empty() ? "" : " (" + f.external_id + ")");
    std::string text = where + ": " + host::severity_name(f.severity) + " [" + rule + "] " + f.message;
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
            {"fix_hint", f.fix_hint}};
}

boost::json::object attempt_json(const host::attempt& a, bool detailed) {
    boost::json::value findings = a.findings.size();
    if (detailed) {
        boost::json::array all;
        for (const auto& f : a.findings) all.push_back(finding_json(f));
        findings = std::move(all);
    }
    return {{"number", a.number},
            {"provider", a.completion.provider},
            {"model", a.completion.model},
            {"prompt_tokens", a.completion.prompt_tokens},
            {"completion_tokens", a.completion.completion_tokens},
            {"milliseconds", a.milliseconds},
            {"findings", std::move(findings)}};
}

boost::json::object notice_json(const file_notice& n) {
    return {{"file", n.file}, {"reason", n.reason}};
}

namespace {

std::string unvalidated_text(const std::string& language) {
    return "no validator of the pipeline judges " + language + ", so the code is unvalidated";
}

} // namespace

void print_generation_report(const host::generation_result& r, const host::manifest& m) {
    if (r.cache_hit) {
        std::cerr << "evo: " << r.language << ": cache hit (validated by the current validator set)\n";
        return;
    }
    for (const auto& a : r.attempts) {
        std::cerr << "evo: attempt " << a.number << " via " << a.completion.provider;
        if (!a.completion.model.empty()) std::cerr << " (" << a.completion.model << ")";
        std::cerr << ": " << a.completion.completion_tokens << " tokens, " << static_cast<long>(a.milliseconds)
                  << " ms, " << a.findings.size() << " findings\n";
        for (const auto& f : a.findings)
            std::cerr << "  " << (host::fails(f, m.pipeline.fail_on) ? "" : "(below fail_on) ") << format_finding(f)
                      << '\n';
    }
    if (r.outcome == host::generation_outcome::passed && r.attempts.size() > 1)
        std::cerr << "evo: passed after " << r.attempts.size() - 1 << " repair(s)\n";
    if (r.outcome == host::generation_outcome::rejected)
        std::cerr << "evo: rejected: the code did not pass validation after " << r.attempts.size() << " attempt(s)\n";
    if (r.outcome == host::generation_outcome::provider_failed) std::cerr << "evo: error: " << r.error << '\n';
    if (r.outcome == host::generation_outcome::unvalidated)
        std::cerr << "evo: error: " << unvalidated_text(r.language)
                  << "; refused (set [pipeline] allow_unvalidated = true to accept it)\n";
    else if (r.unvalidated)
        std::cerr << "evo: warning: " << unvalidated_text(r.language)
                  << "; accepted by [pipeline] allow_unvalidated\n";
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
