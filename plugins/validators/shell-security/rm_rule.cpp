// rm -r on the root, a top-level system directory, the home directory, or on an expansion
// that may be empty or split into words.
#include "assigned_literals.hpp"
#include "command_words.hpp"
#include "shell_rules.hpp"

#include <array>

namespace evo::shell {
namespace {

constexpr std::array<std::string_view, 15> system_directories{
    "bin", "boot", "dev",  "etc",  "home", "lib", "lib32", "lib64",
    "opt", "proc", "root", "sbin", "srv",  "sys", "usr"};

struct rm_options {
    bool recursive = false;
    bool no_preserve_root = false;
    std::vector<const word*> operands;
};

rm_options read_options(const invocation& inv) {
    rm_options o;
    bool options_done = false;
    for (const word* w : inv.args) {
        const std::optional<std::string> text = literal(*w);
        if (options_done || !is_option(text)) {
            o.operands.push_back(w);
        } else if (*text == "--") {
            options_done = true;
        } else if (text->starts_with("--")) {
            o.recursive |= *text == "--recursive";
            o.no_preserve_root |= *text == "--no-preserve-root";
        } else {
            o.recursive |= text->find_first_of("rR") != std::string::npos;
        }
    }
    return o;
}

// "/", "//", "/*", "/.", "/./*": the root itself, however spelled.
bool is_root(std::string_view path) {
    return !path.empty() && path[0] == '/' && path.find_first_not_of("/*.") == std::string::npos;
}

// Strips trailing "/", "/*" and "/." so "/usr/*" and "~/" read as "/usr" and "~".
std::string_view trim_tail(std::string_view path) {
    while (path.size() > 1 && (path.ends_with('/') || path.ends_with("/*") || path.ends_with("/.")))
        path.remove_suffix(path.ends_with('/') ? 1 : 2);
    return path;
}

bool is_system_directory(std::string_view path) {
    path = trim_tail(path);
    if (path.size() < 2 || path[0] != '/' || path.find('/', 1) != std::string_view::npos)
        return false;
    for (std::string_view d : system_directories)
        if (path.substr(1) == d) return true;
    return false;
}

bool is_tail(std::string_view rest) {
    return rest.find_first_not_of("/*.") == std::string::npos;
}

std::string literal_tail(const word& w, std::size_t from) {
    std::string text;
    for (std::size_t i = from; i < w.segments.size(); ++i) {
        if (w.segments[i].kind != segment_kind::literal) return "x"; // not a plain tail
        text += w.segments[i].text;
    }
    return text;
}

// "~", "~/", "~/*", "$HOME", "${HOME}/*", "$HOME"/.
bool is_home(const word& w) {
    if (w.segments.empty()) return false;
    const segment& first = w.segments.front();
    if (first.kind == segment_kind::literal && !first.quoted && first.text.starts_with('~'))
        return is_tail(first.text.substr(1)) && is_tail(literal_tail(w, 1));
    return first.kind == segment_kind::parameter && first.text == "HOME" && first.prefix.empty() &&
           is_tail(literal_tail(w, 1));
}

// Where an operand is expanded: the rm command, and what the script certainly assigned before.
struct expansion_context {
    const assigned_literals& known;
    const command& at;

    // The literal a plain $NAME or ${NAME} certainly holds here, if any.
    std::optional<std::string> value_of(const segment& s) const {
        if (s.kind != segment_kind::parameter || !s.prefix.empty() || !s.op.empty())
            return std::nullopt;
        return known.value_at(s.text, at);
    }
};

std::optional<std::string> fallback_text(const std::vector<segment>& segments,
                                         const expansion_context& where);

// What an expansion yields when its variable is empty or unset (a default, if it names one);
// nothing when it can never be empty. A variable assigned a literal holds that literal.
std::optional<std::string> fallback_text(const segment& s, const expansion_context& where) {
    switch (s.kind) {
    case segment_kind::literal:
        return s.text;
    case segment_kind::arithmetic:
    case segment_kind::process_substitution:
        return std::nullopt;
    case segment_kind::command_substitution:
        return "";
    case segment_kind::parameter:
        break;
    }
    if (s.prefix == "#" || s.op == ":?") return std::nullopt;
    if (std::optional<std::string> value = where.value_of(s)) return value;
    if (s.op == ":-" || s.op == ":=" || s.op == "-" || s.op == "=")
        return fallback_text(s.operand, where);
    if (s.op.empty() && (s.text == "$" || s.text == "#" || s.text == "?" || s.text == "0"))
        return std::nullopt;
    return "";
}

std::optional<std::string> fallback_text(const std::vector<segment>& segments,
                                         const expansion_context& where) {
    std::string text;
    for (const segment& s : segments) {
        const std::optional<std::string> piece = fallback_text(s, where);
        if (!piece) return std::nullopt;
        text += *piece;
    }
    return text;
}

// "$DIR/", "${X}"/* and "${X:-/}" become "/" or "/*" when the variable is empty.
bool root_when_empty(const word& w, const expansion_context& where) {
    const std::optional<std::string> text = fallback_text(w.segments, where);
    return text && is_root(*text);
}

// A literal without blanks or glob characters: the same word however it is expanded.
bool splits_to_itself(const std::optional<std::string>& value) {
    return value && value->find_first_of(" \t\n*?[") == std::string::npos;
}

// Unquoted $X or $(cmd) splits into words and globs; ${X:?} stops the script instead, and a
// variable assigned a plain literal stays that literal.
bool has_unquoted_expansion(const word& w, const expansion_context& where) {
    for (const segment& s : w.segments) {
        if (s.quoted || s.op == ":?" || splits_to_itself(where.value_of(s))) continue;
        if (s.kind == segment_kind::command_substitution) return true;
        if (s.kind == segment_kind::parameter && s.prefix != "#" &&
            !(s.op.empty() && (s.text == "$" || s.text == "#" || s.text == "?" || s.text == "!")))
            return true;
    }
    return false;
}

void check_operand(const word& w, const expansion_context& where, bool& reported_root,
                   findings& out) {
    const std::optional<std::string> text = literal(w);
    if (text && (is_root(*text) || is_system_directory(*text))) {
        out.push_back(
            make_finding("SH-RM-ROOT", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, w.pos,
                         "rm -r on '" + *text + "' deletes the system",
                         "remove the command, or delete only paths the script created itself"));
        reported_root = true;
    } else if (is_home(w)) {
        out.push_back(make_finding("SH-RM-HOME", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, w.pos,
                                   "rm -r on the home directory deletes the user's files",
                                   "delete only a specific subdirectory the script created"));
    } else if (!text && root_when_empty(w, where)) {
        out.push_back(
            make_finding("SH-RM-VAR", EVO_SEVERITY_HIGH, EVO_SEVERITY_MEDIUM, w.pos,
                         "rm -r on a path that becomes '/' when a variable is empty or unset",
                         "write \"${VAR:?}\" so the script stops when VAR is empty"));
    } else if (has_unquoted_expansion(w, where)) {
        out.push_back(make_finding(
            "SH-RM-VAR", EVO_SEVERITY_MEDIUM, EVO_SEVERITY_MEDIUM, w.pos,
            "rm -r on an unquoted expansion: word splitting and globbing can widen what it deletes",
            "quote the expansion and guard it: \"${VAR:?}\""));
    }
}

} // namespace

void check_rm(const script& s, findings& out) {
    const assigned_literals known(s);
    for (const command& c : s.commands) {
        const std::optional<invocation> inv = invoke(c);
        if (!inv || inv->name != "rm") continue;
        const rm_options o = read_options(*inv);
        if (!o.recursive) continue;
        bool reported_root = false;
        const expansion_context where{known, c};
        for (const word* w : o.operands)
            check_operand(*w, where, reported_root, out);
        if (o.no_preserve_root && !reported_root)
            out.push_back(make_finding(
                "SH-RM-ROOT", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, inv->program->pos,
                "rm --no-preserve-root exists only to delete '/'", "drop --no-preserve-root"));
    }
}

} // namespace evo::shell
