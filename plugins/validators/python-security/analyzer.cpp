#include "analyzer.hpp"

#include "rule_table.hpp"
#include "suppressions.hpp"

#include <algorithm>
#include <tuple>

namespace evo::python_security {

namespace {

// Several paths can report one rule at one place (`__builtins__.__dict__['eval']`); the
// most severe report stays.
void keep_most_severe(std::vector<raw_finding>& found) {
    std::sort(found.begin(), found.end(), [](const raw_finding& a, const raw_finding& b) {
        return std::tuple(a.token, a.id, b.severity, b.confidence) <
               std::tuple(b.token, b.id, a.severity, a.confidence);
    });
    auto duplicate = std::unique(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.token == b.token && a.id == b.id;
    });
    found.erase(duplicate, found.end());
}

bool is_disabled(const options& settings, rule id) {
    return std::find(settings.disabled_rules.begin(), settings.disabled_rules.end(), id) !=
           settings.disabled_rules.end();
}

} // namespace

std::vector<finding> analyze(std::string_view source, const options& settings) {
    token_stream stream = tokenize(source);
    reporter out;
    run_rules(stream, out);
    keep_most_severe(out.findings());

    suppressions suppressed(stream);
    std::vector<finding> findings;
    for (auto& raw : out.findings()) {
        if (is_disabled(settings, raw.id)) continue;
        const rule_info& info = describe(raw.id);
        position at = stream.locate(raw.place.empty() ? stream.tokens[raw.token].text : raw.place);
        if (!settings.ignore_suppressions && suppressed.covers(at.line, info)) continue;
        findings.push_back(
            {&info, raw.severity, raw.confidence, at.line, at.column, std::move(raw.message)});
    }
    std::sort(findings.begin(), findings.end(), [](const finding& a, const finding& b) {
        return std::tuple(a.line, a.column, a.rule->code) <
               std::tuple(b.line, b.column, b.rule->code);
    });
    return findings;
}

} // namespace evo::python_security
