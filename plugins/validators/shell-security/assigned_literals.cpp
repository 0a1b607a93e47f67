#include "assigned_literals.hpp"

#include "command_words.hpp"

#include <cctype>

namespace evo::shell {
namespace {

bool is_name_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// The variable name a word starts with, when what follows it may write it: the word is the
// name alone, or the name followed by '=', "+=" or '['.
std::optional<std::string> written_name(const word& w) {
    const std::string prefix = literal_prefix(w);
    if (prefix.empty() || !is_name_start(prefix[0])) return std::nullopt;
    std::size_t end = 1;
    while (end < prefix.size() && is_name_char(prefix[end]))
        ++end;
    const bool whole_word = end == prefix.size() && w.segments.size() == 1;
    if (whole_word || (end < prefix.size() && (prefix[end] == '=' || prefix[end] == '[' ||
                                               prefix.compare(end, 2, "+=") == 0)))
        return prefix.substr(0, end);
    return std::nullopt;
}

// NAME=value with a non-empty literal value: the name and the value.
std::optional<std::pair<std::string, std::string>> literal_assignment(const word& w) {
    const std::optional<std::string> text = literal(w);
    const std::optional<std::string> name = written_name(w);
    if (!text || !name || text->size() <= name->size() + 1 || (*text)[name->size()] != '=')
        return std::nullopt;
    return std::pair{*name, text->substr(name->size() + 1)};
}

// NAME=..., NAME+=... or NAME[...]=...: a word that assigns rather than runs.
bool is_assignment_word(const word& w) {
    const std::optional<std::string> name = written_name(w);
    return name && literal_prefix(w).size() > name->size();
}

// A command of assignments alone: they stay in the shell. `NAME=value env` has a program
// that invoke() peels off as a wrapper, so the words themselves are what tells.
bool only_assignments(const command& c) {
    for (const word& w : c.words)
        if (!is_assignment_word(w)) return false;
    return true;
}

bool before(position a, position b) {
    return a.line < b.line || (a.line == b.line && a.column < b.column);
}

} // namespace

assigned_literals::assigned_literals(const script& s) {
    for (const command& c : s.commands)
        read_command(c);
    for (const heredoc& h : s.heredocs)
        taint_segments(h.expansion);
    for (const std::string& name : tainted_)
        writes_.erase(name);
}

void assigned_literals::read_command(const command& c) {
    const std::optional<invocation> inv = invoke(c);
    const std::string program = inv ? inv->name : "";
    if (program == "eval" || program == "source" || program == ".") opaque_ = true;
    const bool exports = program == "export" || program == "readonly";
    const bool certain = c.body == 0 && !c.conditional;
    for (const word& w : c.words) {
        taint_segments(w.segments);
        const std::optional<std::string> name = written_name(w);
        if (!name || (inv && &w == inv->program)) continue;
        const bool is_argument = inv && &w > inv->program;
        // Only `export NAME` and `readonly NAME` leave a value as it is.
        if (exports && is_argument && literal(w) == *name) continue;
        // A plain assignment: alone on its command, or an argument of export or readonly.
        const bool plain = certain && (is_argument ? exports : only_assignments(c));
        const auto assignment = literal_assignment(w);
        if (plain && assignment)
            writes_[assignment->first].push_back({w.pos, assignment->second});
        else
            tainted_.insert(*name);
    }
    for (const redirection& r : c.redirections)
        taint_segments(r.target.segments);
}

// ${NAME=value} and ${NAME:=value} write NAME wherever they stand.
void assigned_literals::taint_segments(const std::vector<segment>& segments) {
    for (const segment& s : segments) {
        if (s.kind == segment_kind::parameter && (s.op == "=" || s.op == ":="))
            tainted_.insert(s.text);
        taint_segments(s.operand);
    }
}

std::optional<std::string> assigned_literals::value_at(std::string_view name,
                                                       const command& at) const {
    if (opaque_) return std::nullopt;
    const auto it = writes_.find(name);
    if (it == writes_.end()) return std::nullopt;
    const write* last = nullptr;
    for (const write& w : it->second) {
        if (before(w.pos, at.pos))
            last = &w;
        else if (at.body != 0)
            return std::nullopt; // the body may run after this write too
    }
    return last ? std::optional(last->value) : std::nullopt;
}

} // namespace evo::shell
