#include "comment_suppressions.hpp"

#include <algorithm>
#include <cctype>

namespace evo::suppressions {
namespace {

bool is_id_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

// Words of an id list such as "B602, B607" or "PY-EVAL,SC2086", up to `stop`.
std::vector<std::string> id_words(std::string_view text, char stop) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size() && text[i] != stop) {
        if (!is_id_char(text[i])) {
            ++i;
            continue;
        }
        std::size_t start = i;
        while (i < text.size() && is_id_char(text[i]))
            ++i;
        words.emplace_back(text.substr(start, i - start));
    }
    return words;
}

// A rule id as evo, bandit and shellcheck write them: capitals and digits, with a digit or a
// dash (B602, SC2086, PY-EVAL, SH-RM-ROOT), so that `# nosec because it is safe` reads as
// prose, which suppresses every rule as bandit does.
bool is_rule_id(std::string_view word) {
    bool shaped = !word.empty() && std::isupper(static_cast<unsigned char>(word[0])) &&
                  std::all_of(word.begin(), word.end(), [](char c) {
                      return std::isupper(static_cast<unsigned char>(c)) ||
                             std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_';
                  });
    bool marked = std::any_of(word.begin(), word.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '-';
    });
    return shaped && marked;
}

// Where `word` appears in `text` not as part of a longer word, or npos.
std::size_t find_word(std::string_view text, std::string_view word) {
    for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
        bool starts = at == 0 || !is_id_char(text[at - 1]);
        bool ends = at + word.size() == text.size() || !is_id_char(text[at + word.size()]);
        if (starts && ends) return at;
    }
    return std::string_view::npos;
}

void read_evo_directive(std::string_view comment, bool& every_rule, std::vector<std::string>& ids) {
    auto evo = find_word(comment, "evo");
    if (evo == std::string_view::npos) return;
    std::string_view rest = comment.substr(evo + 3);
    std::size_t i = 0;
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == ':'))
        ++i;
    if (!rest.substr(i).starts_with("ignore")) return;
    rest = rest.substr(i + 6);
    if (!rest.empty() && rest.front() == '[') {
        for (auto& word : id_words(rest.substr(1), ']'))
            ids.push_back(std::move(word));
    } else if (rest.empty() || !is_id_char(rest.front())) {
        every_rule = true;
    }
}

void read_nosec_directive(std::string_view comment, bool& every_rule,
                          std::vector<std::string>& ids) {
    auto nosec = find_word(comment, "nosec");
    if (nosec == std::string_view::npos) return;
    std::size_t before = ids.size();
    for (auto& word : id_words(comment.substr(nosec + 5), '#'))
        if (is_rule_id(word)) ids.push_back(std::move(word));
    if (ids.size() == before) every_rule = true;
}

} // namespace

void comment_suppressions::add_comment(std::uint32_t line, std::string_view comment) {
    directive found;
    read_evo_directive(comment, found.every_rule, found.ids);
    read_nosec_directive(comment, found.every_rule, found.ids);
    if (!found.every_rule && found.ids.empty()) return;
    directive& d = by_line_[line];
    d.every_rule = d.every_rule || found.every_rule;
    d.ids.insert(d.ids.end(), found.ids.begin(), found.ids.end());
}

bool comment_suppressions::covers(std::uint32_t line,
                                  std::initializer_list<std::string_view> ids) const {
    auto it = by_line_.find(line);
    if (it == by_line_.end()) return false;
    const directive& d = it->second;
    if (d.every_rule) return true;
    return std::any_of(ids.begin(), ids.end(), [&](std::string_view id) {
        return !id.empty() && std::find(d.ids.begin(), d.ids.end(), id) != d.ids.end();
    });
}

} // namespace evo::suppressions
