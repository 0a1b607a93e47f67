#include "command_words.hpp"

#include <array>
#include <cctype>

namespace evo::shell {
namespace {

struct wrapper {
    std::string_view name;
    std::string_view options_with_argument; // short options that take the next word
    int leading_operands;                   // operands before the wrapped command
};

constexpr std::array<wrapper, 15> wrappers{{
    {"sudo", "CDgpRrTtUu", 0},
    {"doas", "Cu", 0},
    {"env", "CSu", 0},
    {"nice", "n", 0},
    {"nohup", "", 0},
    {"command", "", 0},
    {"builtin", "", 0},
    {"exec", "a", 0},
    {"time", "fo", 0},
    {"setsid", "", 0},
    {"stdbuf", "eio", 0},
    {"ionice", "cnp", 0},
    {"timeout", "ks", 1},
    {"chroot", "", 1},
    {"busybox", "", 0},
}};

std::string basename(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// NAME=value or NAME+=value, NAME possibly indexed: a variable assignment, not a program.
bool is_assignment(const word& w) {
    if (w.segments.empty() || w.segments.front().kind != segment_kind::literal ||
        w.segments.front().quoted)
        return false;
    const std::string& text = w.segments.front().text;
    if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_'))
        return false;
    std::size_t i = 1;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_'))
        ++i;
    if (i < text.size() && text[i] == '[') i = text.find(']', i) + 1;
    if (i == 0 || i >= text.size()) return false;
    if (text[i] == '+') ++i;
    return i < text.size() && text[i] == '=';
}

std::size_t skip_assignments(const std::vector<word>& words, std::size_t i) {
    while (i < words.size() && is_assignment(words[i]))
        ++i;
    return i;
}

std::size_t skip_wrapper_arguments(const std::vector<word>& words, std::size_t i,
                                   const wrapper& w) {
    int operands = w.leading_operands;
    while (i < words.size()) {
        const std::optional<std::string> text = literal(words[i]);
        if (text == "--") {
            ++i;
            break;
        }
        if (text && text->starts_with('-')) {
            const bool takes_argument =
                text->size() == 2 && w.options_with_argument.find((*text)[1]) != std::string::npos;
            i += takes_argument ? 2 : 1;
            continue;
        }
        if (operands == 0) return i;
        --operands;
        ++i;
    }
    return std::min(i + static_cast<std::size_t>(operands), words.size());
}

const wrapper* find_wrapper(std::string_view name) {
    for (const wrapper& w : wrappers)
        if (w.name == name) return &w;
    return nullptr;
}

} // namespace

std::optional<std::string> literal(const word& w) {
    std::string text;
    for (const segment& s : w.segments) {
        if (s.kind != segment_kind::literal) return std::nullopt;
        text += s.text;
    }
    return text;
}

std::string literal_prefix(const word& w) {
    std::string text;
    for (const segment& s : w.segments) {
        if (s.kind != segment_kind::literal) break;
        text += s.text;
    }
    return text;
}

bool is_option(const std::optional<std::string>& text) {
    return text && text->size() > 1 && (*text)[0] == '-';
}

bool has_dynamic_part(const std::vector<segment>& segments) {
    for (const segment& s : segments)
        if (s.kind == segment_kind::parameter || s.kind == segment_kind::command_substitution ||
            s.kind == segment_kind::process_substitution)
            return true;
    return false;
}

std::optional<invocation> invoke(const command& c) {
    std::size_t i = skip_assignments(c.words, 0);
    while (i < c.words.size()) {
        const std::optional<std::string> text = literal(c.words[i]);
        const wrapper* w = text ? find_wrapper(basename(*text)) : nullptr;
        if (!w) break;
        i = skip_assignments(c.words, skip_wrapper_arguments(c.words, i + 1, *w));
    }
    if (i >= c.words.size()) return std::nullopt;
    invocation inv;
    inv.program = &c.words[i];
    if (const std::optional<std::string> text = literal(c.words[i])) inv.name = basename(*text);
    for (std::size_t k = i + 1; k < c.words.size(); ++k)
        inv.args.push_back(&c.words[k]);
    return inv;
}

} // namespace evo::shell
