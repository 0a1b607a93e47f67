// String literals that are dangerous by what they hold and how they are used: shared
// temporary paths, the all-interfaces address, SQL assembled from pieces.
#include "checks.hpp"
#include "paths.hpp"
#include "string_literals.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace evo::python_security {

namespace {

std::string group_text(const module_view& m, token_range group) {
    std::string text;
    for (std::uint32_t i = group.begin; i < group.end; ++i)
        text += literal_text(m.at(i));
    return text;
}

bool is_comparison(const token& t) {
    return t.is_op("==") || t.is_op("!=") || t.is_name("in") || t.is_name("is") || t.is_name("not");
}

// The literal is only inspected, not used: `x == "/tmp"`, `x in ("/tmp", "/var/tmp")`,
// `p.startswith("/tmp/")`.
bool is_inspected(const string_site& site, const module_view& m) {
    if (site.whole_statement) return true;
    if (site.inside == enclosure::call &&
        (site.call_method == "startswith" || site.call_method == "endswith"))
        return true;
    if ((site.group.begin > 0 && is_comparison(m.at(site.group.begin - 1))) ||
        is_comparison(m.at(site.group.end)))
        return true;
    bool in_display = site.inside == enclosure::other || site.inside == enclosure::braces;
    return in_display && site.bracket > 0 && is_comparison(m.at(site.bracket - 1));
}

std::string lowercase(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// `word` starts at `at` as a whole word followed by white space or '(' ("VALUES(").
bool keyword_at(std::string_view text, std::string_view word, std::size_t at) {
    std::size_t after = at + word.size();
    return text.substr(at).starts_with(word) && (at == 0 || !is_word_char(text[at - 1])) &&
           after < text.size() &&
           (std::isspace(static_cast<unsigned char>(text[after])) || text[after] == '(');
}

// Where `word` occurs as a keyword (see keyword_at), from `from` on.
std::size_t find_keyword(std::string_view text, std::string_view word, std::size_t from) {
    for (auto at = text.find(word, from); at != std::string_view::npos;
         at = text.find(word, at + 1))
        if (keyword_at(text, word, at)) return at;
    return std::string_view::npos;
}

std::size_t skip_space(std::string_view text, std::size_t i) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
    return i;
}

std::size_t skip_word(std::string_view text, std::size_t i) {
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != '=')
        ++i;
    return i;
}

// Where the keyword `second` follows `first` with only white space (or, for `gap_words`,
// that many words) in between: the index just past `second`, or npos.
std::size_t keywords_in_sequence(std::string_view text, std::string_view first,
                                 std::string_view second, int gap_words) {
    for (auto at = find_keyword(text, first, 0); at != std::string_view::npos;
         at = find_keyword(text, first, at + 1)) {
        std::size_t i = at + first.size();
        for (int gap = 0; gap <= gap_words; ++gap) {
            i = skip_space(text, i);
            if (keyword_at(text, second, i)) return i + second.size();
            i = skip_word(text, i);
        }
    }
    return std::string_view::npos;
}

// `UPDATE table SET column = ...`: the assignment tells SQL from "update the set of ...".
bool is_sql_update(std::string_view text) {
    std::size_t set_end = keywords_in_sequence(text, "update", "set", 1);
    if (set_end == std::string_view::npos) return false;
    std::size_t i = skip_space(text, skip_word(text, skip_space(text, set_end)));
    return i < text.size() && text[i] == '=';
}

bool looks_like_sql(std::string_view text) {
    std::string lower = lowercase(text);
    auto select = find_keyword(lower, "select", 0);
    if (select != std::string::npos && find_keyword(lower, "from", select) != std::string::npos)
        return true;
    auto into = keywords_in_sequence(lower, "insert", "into", 0);
    if (into != std::string::npos && find_keyword(lower, "values", into) != std::string::npos)
        return true;
    return keywords_in_sequence(lower, "delete", "from", 0) != std::string::npos ||
           is_sql_update(lower);
}

bool is_string(const token& t) {
    return t.kind == token_kind::string;
}

// The literal is combined with run-time values: an f-string field, `%`, `.format()` or `+`.
bool is_assembled(const string_site& site, const module_view& m) {
    for (std::uint32_t i = site.group.begin; i < site.group.end; ++i)
        if (m.at(i).flags & has_fields) return true;
    const token& after = m.at(site.group.end);
    if (after.is_op("%")) return true;
    if (after.is_op(".") && m.at(site.group.end + 1).is_name("format") &&
        m.at(site.group.end + 2).is_op("("))
        return true;
    if (after.is_op("+") && !is_string(m.at(site.group.end + 1))) return true;
    return site.group.begin >= 2 && m.at(site.group.begin - 1).is_op("+") &&
           !is_string(m.at(site.group.begin - 2));
}

bool is_query_call(std::string_view method) {
    static constexpr std::array<std::string_view, 6> methods{
        "execute", "executemany", "executescript", "raw", "read_sql", "read_sql_query"};
    return is_one_of(method, methods);
}

// `tempfile.mkdtemp(dir='/tmp')`: the tempfile module creates a fresh, unpredictable entry
// in the shared directory itself, which is the safe way to use it. A fixed subdirectory
// (`dir='/tmp/app'`) is still a predictable path another user can create first.
bool is_tempfile_directory(const string_site& site, const module_view& m, std::string_view path) {
    static constexpr std::array<std::string_view, 6> creators{"mkdtemp",
                                                              "mkstemp",
                                                              "TemporaryDirectory",
                                                              "NamedTemporaryFile",
                                                              "TemporaryFile",
                                                              "SpooledTemporaryFile"};
    if (site.inside != enclosure::call || !is_one_of(site.call_method, creators)) return false;
    if (site.group.begin < 2 || !m.at(site.group.begin - 1).is_op("=") ||
        !m.at(site.group.begin - 2).is_name("dir"))
        return false;
    while (path.size() > 1 && path.back() == '/')
        path.remove_suffix(1);
    return is_one_of(path, {"/tmp", "/var/tmp", "/dev/shm"});
}

} // namespace

void check_temp_path(const string_site& site, const module_view& m, reporter& out) {
    if (is_inspected(site, m)) return;
    std::string path = group_text(m, site.group);
    if (is_tempfile_directory(site, m, path)) return;
    for (std::string_view directory : {"/tmp", "/var/tmp", "/dev/shm"}) {
        if (path.starts_with(directory) &&
            (path.size() == directory.size() || path[directory.size()] == '/')) {
            out.report(rule::temp_path, site.group.begin,
                       "hard-coded path '" + path + "' in a shared temporary directory");
            return;
        }
    }
}

void check_bind_all_string(const string_site& site, const module_view& m, reporter& out) {
    if (is_inspected(site, m)) return;
    if (m.string_value(site.group) == "0.0.0.0")
        out.report(rule::bind_all_interfaces, site.group.begin,
                   "'0.0.0.0' listens on all network interfaces");
}

void check_sql_string(const string_site& site, const module_view& m, reporter& out) {
    if (site.whole_statement || !is_assembled(site, m)) return;
    if (!looks_like_sql(group_text(m, site.group))) return;
    bool in_query = site.inside == enclosure::call && is_query_call(site.call_method);
    out.report(rule::sql_string, site.group.begin,
               in_query ? "SQL query assembled from strings is passed to " +
                              std::string(site.call_method) + "()"
                        : std::string("SQL query assembled from strings"),
               medium, in_query ? medium : low);
}

} // namespace evo::python_security
