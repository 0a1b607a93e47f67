// Hard-coded passwords: string literals assigned, passed, defaulted or compared to names
// such as password, db_passwd, apiKey, client_secret or auth_token.
#include "checks.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <span>

namespace evo::python_security {

namespace {

// Splits "dbPassword", "DB_PASSWORD" and "api-key" into lower-case words.
std::vector<std::string> name_words(std::string_view name) {
    std::vector<std::string> words(1);
    for (std::size_t i = 0; i < name.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(name[i]);
        bool separator = c == '_' || c == '-' || c == '.' || c == ' ';
        bool camel_boundary =
            std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(name[i - 1]));
        if ((separator || camel_boundary) && !words.back().empty()) words.emplace_back();
        if (!separator) words.back() += static_cast<char>(std::tolower(c));
    }
    if (words.back().empty()) words.pop_back();
    return words;
}

bool is_secret_name(std::string_view name) {
    static constexpr std::array<std::string_view, 9> secret_words{
        "password", "passwd", "passwrd", "pwd",     "passphrase",
        "secret",   "token",  "apikey",  "passcode"};
    static constexpr std::array<std::string_view, 3> key_owners{"api", "private", "access"};
    // A trailing word that makes the name about a secret rather than the secret itself.
    static constexpr std::array<std::string_view, 34> descriptive_words{
        "type", "types",   "url",   "uri",   "endpoint", "name",   "names",  "field",  "fields",
        "file", "path",    "dir",   "env",   "var",      "header", "prompt", "label",  "length",
        "len",  "size",    "count", "regex", "pattern",  "format", "policy", "expiry", "expires",
        "ttl",  "message", "hint",  "state", "status",   "mode",   "kind"};
    auto words = name_words(name);
    if (words.empty()) return false;
    bool secret = false;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (is_one_of(words[i], secret_words)) secret = true;
        if (words[i] == "pass" && i > 0 && i + 1 == words.size()) secret = true;
        if (words[i] == "key" && i > 0 && is_one_of(words[i - 1], key_owners)) secret = true;
    }
    return secret && !is_one_of(words.back(), descriptive_words);
}

std::string lowercase(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

// A stand-in for a value: "changeme", "xxxx", "<your token>", "${DB_PASSWORD}",
// "%(password)s", "{password}", "...".
bool is_placeholder(std::string_view value) {
    static constexpr std::array<std::string_view, 16> stand_ins{
        "changeme", "change_me",   "change-me", "password", "passwd", "secret",
        "token",    "none",        "null",      "todo",     "fixme",  "example",
        "dummy",    "placeholder", "redacted",  "hidden"};
    std::string lower = lowercase(value);
    if (is_one_of(lower, stand_ins)) return true;
    if (std::all_of(lower.begin(), lower.end(), [](char c) { return c == 'x' || c == '*'; }))
        return true;
    if (value.front() == '<' && value.back() == '>') return true;
    return value.find("${") != std::string_view::npos ||
           value.find("%(") != std::string_view::npos ||
           (value.find('{') != std::string_view::npos && value.find('}') != std::string_view::npos);
}

// Text with spaces and at least two words of two or more letters: "following the
// leader", "Enter your password: ", " * [would prune] ".
bool is_prose(std::string_view value) {
    if (std::none_of(value.begin(), value.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); }))
        return false;
    int words = 0, letters = 0;
    for (char c : value) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            if (++letters == 2) ++words;
        } else {
            letters = 0;
        }
    }
    return words >= 2;
}

// A regular expression: a character class (`[0-9@#.,E+]`) or an escape such as \w, \d, \s.
bool is_pattern(std::string_view value) {
    auto open = value.find('[');
    if (open != std::string_view::npos && value.find(']', open) != std::string_view::npos)
        return true;
    for (std::size_t i = 0; i + 1 < value.size(); ++i)
        if (value[i] == '\\' &&
            std::string_view("wWdDsSbB").find(value[i + 1]) != std::string_view::npos)
            return true;
    return false;
}

// An identifier that itself names a secret ('refresh_token', 'DB_PASSWORD'): the name of a
// field or a variable, not its value.
bool names_a_secret(std::string_view value) {
    return std::all_of(
               value.begin(), value.end(),
               [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }) &&
           is_secret_name(value);
}

// A word written with a capital ("Bearer", "Always") is one word, not a mix of cases.
bool is_capitalized_word(std::string_view value) {
    return value.size() > 1 && std::isupper(static_cast<unsigned char>(value[0])) &&
           std::all_of(value.begin() + 1, value.end(),
                       [](char c) { return std::islower(static_cast<unsigned char>(c)); });
}

// The value of a literal looks like a real credential, not an option value, a placeholder, a
// pattern or a sentence. The rule: not empty, not a placeholder (see is_placeholder), not
// prose, not a regular expression, not an identifier naming a secret, not a capitalized word,
// and either at least 6 characters mixing two or more character classes (lower case, upper
// case, digits, other), as in "hunter2" or "sk-9f8a...", or at least 16 characters of one
// class (a long random string). A single short word ("always", "Bearer", "admin") is an
// option value or a name; short or one-word passwords are missed by design.
bool looks_like_credential(const std::optional<std::string>& value) {
    if (!value || value->empty() || is_placeholder(*value) || is_prose(*value) ||
        is_pattern(*value) || names_a_secret(*value) || is_capitalized_word(*value))
        return false;
    bool lower = false, upper = false, digit = false, other = false;
    for (char ch : *value) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (std::islower(c))
            lower = true;
        else if (std::isupper(c))
            upper = true;
        else if (std::isdigit(c))
            digit = true;
        else
            other = true;
    }
    int classes = lower + upper + digit + other;
    if (!lower && !upper && !digit) return false; // punctuation: "...", "=="
    return (classes >= 2 && value->size() >= 6) || value->size() >= 16;
}

bool ends_argument(const token& t) {
    return t.is_op(",") || t.is_op(")") || t.is_op("}");
}

// The name a parameter default belongs to: `password` in `(user, password: str = "x")`.
std::uint32_t parameter_name(const module_view& m, std::uint32_t equals) {
    std::uint32_t i = equals;
    while (i > 0) {
        const token& before = m.at(i - 1);
        if ((before.is_op(")") || before.is_op("]")) && m.partner(i - 1) != no_token)
            i = m.partner(i - 1);
        else if (before.is_op(",") || before.is_op("(") || before.is_op("*") || before.is_op("**"))
            break;
        else
            --i;
    }
    return i;
}

// The last name of the expression starting at `i`: `password` in `self.password`.
std::uint32_t last_name_of_chain(const module_view& m, std::uint32_t i) {
    while (m.at(i + 1).is_op(".") && m.at(i + 2).kind == token_kind::name)
        i += 2;
    return i;
}

void report_name(rule id, std::uint32_t name_token, std::string_view name, std::string_view how,
                 reporter& out) {
    out.report(id, name_token,
               "hard-coded secret " + std::string(how) + " '" + std::string(name) + "'");
}

} // namespace

void check_password_literal(const string_site& site, const module_view& m, reporter& out) {
    if (site.group.begin < 2 || !looks_like_credential(m.string_value(site.group))) return;
    std::uint32_t before = site.group.begin - 1;
    const token& op = m.at(before);
    const token& after = m.at(site.group.end);
    if (op.is_op("=") && ends_argument(after) && site.inside == enclosure::call &&
        m.at(before - 1).kind == token_kind::name) {
        std::string_view keyword = m.at(before - 1).text;
        if (is_secret_name(keyword))
            report_name(rule::password_argument, before - 1, keyword, "passed as", out);
    } else if (op.is_op("=") && ends_argument(after) && site.inside == enclosure::parameters) {
        std::uint32_t name = parameter_name(m, before);
        if (m.at(name).kind == token_kind::name && is_secret_name(m.at(name).text))
            report_name(rule::password_default, name, m.at(name).text, "default of", out);
    } else if (op.is_op(":") && site.inside == enclosure::braces && ends_argument(after)) {
        std::uint32_t key_begin = before;
        while (key_begin > 0 && m.at(key_begin - 1).kind == token_kind::string)
            --key_begin;
        auto key = m.string_value({key_begin, before});
        if (key && is_secret_name(*key))
            report_name(rule::password_string, key_begin, *key, "in dict key", out);
    } else if (op.is_op("==") || op.is_op("!=")) {
        const token& compared = m.at(before - 1);
        if (compared.kind == token_kind::name && is_secret_name(compared.text))
            report_name(rule::password_string, before - 1, compared.text, "compared with", out);
    } else if ((after.is_op("==") || after.is_op("!=")) &&
               m.at(site.group.end + 1).kind == token_kind::name) {
        std::uint32_t name = last_name_of_chain(m, site.group.end + 1);
        if (is_secret_name(m.at(name).text))
            report_name(rule::password_string, name, m.at(name).text, "compared with", out);
    }
}

void check_password_assignment(const assignment& assigned, const module_view& m, reporter& out) {
    if (assigned.target.empty() || !looks_like_credential(m.string_value(assigned.value))) return;
    std::uint32_t last = assigned.target.end - 1;
    const token& target = m.at(last);
    if (target.kind == token_kind::name && is_secret_name(target.text)) {
        report_name(rule::password_string, last, target.text, "assigned to", out);
    } else if (target.is_op("]") && m.partner(last) != no_token) {
        auto key = m.string_value({m.partner(last) + 1, last});
        if (key && is_secret_name(*key))
            report_name(rule::password_string, m.partner(last) + 1, *key, "stored under", out);
    }
}

} // namespace evo::python_security
