#include "shell_rules.hpp"

#include "command_words.hpp"
#include "programs.hpp"

#include <algorithm>
#include <array>
#include <tuple>

namespace evo::shell {
namespace {

using rule = void (*)(const script&, findings&);

constexpr std::array<rule, 7> rules{check_rm,     check_download_exec, check_eval,     check_chmod,
                                    check_writes, check_format,        check_fork_bomb};

// `sh -c 'sh -c ...'` nests; beyond this depth the text is not read again.
constexpr int max_embedding = 8;

struct embedded {
    std::string text;
    position origin;
};

// Text a command hands to a shell as a program: `sh -c '...'`, `bash <<EOF`, `eval '...'`.
std::vector<embedded> embedded_scripts(const script& s, const command& c) {
    std::vector<embedded> scripts;
    const std::optional<invocation> inv = invoke(c);
    if (!inv) return scripts;
    if (inv->name == "eval") {
        embedded joined{"", c.pos};
        for (const word* w : inv->args) {
            const std::optional<std::string> text = literal(*w);
            if (!text) return scripts;
            joined.text += *text + " ";
        }
        scripts.push_back(std::move(joined));
        return scripts;
    }
    if (!is_shell(inv->name)) return scripts;
    const program_source source = program_of(*inv);
    if (source.from == program_source::origin::inline_text) {
        if (const std::optional<std::string> text = literal(*source.text))
            scripts.push_back({*text, source.text->pos});
    } else if (source.from == program_source::origin::standard_input) {
        for (const redirection& r : c.redirections) {
            if (r.heredoc >= 0) {
                const heredoc& h = s.heredocs[static_cast<std::size_t>(r.heredoc)];
                scripts.push_back({h.text, h.pos});
            } else if (r.op == "<<<") {
                if (const std::optional<std::string> text = literal(r.target))
                    scripts.push_back({*text, r.target.pos});
            }
        }
    }
    return scripts;
}

void analyze_script(const script& s, int depth, findings& out) {
    for (rule check : rules)
        check(s, out);
    if (s.too_deep)
        out.push_back(make_finding("SH-TOO-COMPLEX", EVO_SEVERITY_MEDIUM, EVO_SEVERITY_HIGH,
                                   position{0, 0}, "substitutions nest too deeply to be analysed",
                                   "flatten the nesting into separate commands"));
    if (depth >= max_embedding) return;
    for (const command& c : s.commands)
        for (const embedded& e : embedded_scripts(s, c))
            analyze_script(parse(e.text, e.origin), depth + 1, out);
}

} // namespace

evo::finding make_finding(std::string_view rule_id, evo_severity severity, evo_severity confidence,
                          position at, std::string message, std::string fix_hint) {
    evo::finding f;
    f.rule_id = rule_id;
    f.severity = severity;
    f.confidence = confidence;
    f.line = at.line;
    f.column = at.column;
    f.message = std::move(message);
    f.fix_hint = std::move(fix_hint);
    return f;
}

findings analyze(std::string_view text) { return analyze(parse(text)); }

findings analyze(const script& parsed) {
    findings out;
    analyze_script(parsed, 0, out);
    std::stable_sort(out.begin(), out.end(), [](const evo::finding& a, const evo::finding& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return out;
}

} // namespace evo::shell
