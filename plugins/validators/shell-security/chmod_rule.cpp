// chmod that lets every user write: 777, 666, o+w, a+rwx, recursively or not.
#include "command_words.hpp"
#include "shell_rules.hpp"

namespace evo::shell {
namespace {

// -R, -v, --recursive, ...: chmod's options, as opposed to modes such as -w or -x.
bool is_chmod_option(const std::string& text) {
    if (text.starts_with("--")) return true;
    return text.size() > 1 && text[0] == '-' &&
           text.find_first_not_of("RcfvHLP", 1) == std::string::npos;
}

bool octal_world_writable(std::string_view mode) {
    if (mode.empty() || mode.size() > 4 || mode.find_first_not_of("01234567") != std::string::npos)
        return false;
    return ((mode.back() - '0') & 2) != 0;
}

// Clauses such as "u+x,o+w" or "a=rwx": world-writable when a clause for o or a adds w.
// A clause without who letters is limited by the umask, which normally withholds o+w.
bool symbolic_world_writable(std::string_view mode) {
    while (!mode.empty()) {
        const std::size_t comma = mode.find(',');
        std::string_view clause = mode.substr(0, comma);
        mode = comma == std::string_view::npos ? std::string_view{} : mode.substr(comma + 1);
        const std::size_t who_end = std::min(clause.find_first_not_of("ugoa"), clause.size());
        const std::string_view who = clause.substr(0, who_end);
        if (who.find_first_of("oa") == std::string_view::npos) continue;
        char op = 0;
        for (char c : clause.substr(who_end)) {
            if (c == '+' || c == '-' || c == '=')
                op = c;
            else if (c == 'w' && op != '-')
                return true;
        }
    }
    return false;
}

} // namespace

void check_chmod(const script& s, findings& out) {
    for (const command& c : s.commands) {
        const std::optional<invocation> inv = invoke(c);
        if (!inv || inv->name != "chmod") continue;
        bool recursive = false;
        for (const word* w : inv->args) {
            const std::optional<std::string> text = literal(*w);
            if (!text) break; // a mode from a variable: unknown
            if (is_chmod_option(*text)) {
                recursive |= *text == "--recursive" ||
                             (!text->starts_with("--") && text->find('R') != std::string::npos);
                continue;
            }
            if (octal_world_writable(*text) || symbolic_world_writable(*text))
                out.push_back(make_finding(
                    "SH-CHMOD-WORLD-WRITABLE", recursive ? EVO_SEVERITY_HIGH : EVO_SEVERITY_MEDIUM,
                    EVO_SEVERITY_HIGH, c.pos,
                    "chmod " + std::string(recursive ? "-R " : "") + *text +
                        " lets every user on the machine modify the files",
                    "grant only what is needed, e.g. 755 for programs and 644 for data"));
            break; // the first operand is the mode
        }
    }
}

} // namespace evo::shell
