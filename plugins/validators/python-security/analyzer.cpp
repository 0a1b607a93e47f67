#include "analyzer.hpp"

#include "rule_table.hpp"
#include "suppressions.hpp"
#include "tokenizer.hpp"

#include <algorithm>
#include <tuple>

namespace evo::python_security {

namespace {

// The '(' of a call: after a name that is not a keyword (nor the name a `def` or `class`
// statement introduces), or after a closing bracket (`f(x)(y)`, `handlers[k](y)`).
bool opens_call(const token_stream& stream, std::uint32_t open) {
    if (!stream.tokens[open].is_op("(") || open == 0) return false;
    const token& before = stream.tokens[open - 1];
    if (before.is_op(")") || before.is_op("]")) return true;
    if (before.kind != token_kind::name || is_keyword(before.text)) return false;
    return open < 2 ||
           !(stream.tokens[open - 2].is_name("def") || stream.tokens[open - 2].is_name("class"));
}

// For each token, the '(' of the call whose argument list directly holds it (the innermost
// bracket around it), or no_call.
constexpr std::uint32_t no_call = UINT32_MAX;
std::vector<std::uint32_t> enclosing_calls(const token_stream& stream) {
    std::vector<std::uint32_t> call_of(stream.tokens.size(), no_call);
    std::vector<std::uint32_t> open_brackets;
    for (std::uint32_t i = 0; i < stream.tokens.size(); ++i) {
        const token& t = stream.tokens[i];
        if (t.closes_bracket()) {
            if (!open_brackets.empty()) open_brackets.pop_back();
            continue;
        }
        if (!open_brackets.empty() && opens_call(stream, open_brackets.back()))
            call_of[i] = open_brackets.back();
        if (t.opens_bracket()) open_brackets.push_back(i);
    }
    return call_of;
}

// One finding per rule and place, and per rule and call: several paths can report one rule
// at one token (`__builtins__.__dict__['eval']`), and several arguments of one call can each
// trip the same rule (`connect(password="...", passwd="...")`, two `shell=True` spread
// through **kwargs). The most severe report stays, at its earliest token; distinct calls,
// nested calls and the elements of a list passed to a call keep their own findings.
void keep_one_per_call(std::vector<raw_finding>& found, const token_stream& stream) {
    auto call_of = enclosing_calls(stream);
    auto place = [&](const raw_finding& f) {
        bool in_call = f.place.empty() && f.token < call_of.size() && call_of[f.token] != no_call;
        return std::pair(in_call, in_call ? call_of[f.token] : f.token);
    };
    std::sort(found.begin(), found.end(), [&](const raw_finding& a, const raw_finding& b) {
        return std::tuple(place(a), a.id, b.severity, b.confidence, a.token) <
               std::tuple(place(b), b.id, a.severity, a.confidence, b.token);
    });
    auto duplicate = std::unique(found.begin(), found.end(), [&](const auto& a, const auto& b) {
        return place(a) == place(b) && a.id == b.id && a.place.data() == b.place.data();
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
    keep_one_per_call(out.findings(), stream);

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
