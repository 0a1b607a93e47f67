#include "tokenizer.hpp"

#include "string_literals.hpp"

#include <algorithm>
#include <array>
#include <deque>

namespace evo::python_security {

namespace {

bool is_name_start(unsigned char c) {
    return c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}
bool is_name_char(unsigned char c) {
    return is_name_start(c) || (c >= '0' && c <= '9');
}
bool is_digit(unsigned char c) {
    return c >= '0' && c <= '9';
}
bool is_line_break(char c) {
    return c == '\n' || c == '\r';
}

constexpr std::array<std::string_view, 5> three_char_ops{"**=", "//=", ">>=", "<<=", "..."};
constexpr std::array<std::string_view, 20> two_char_ops{
    "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", ":=",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "<>"};

std::size_t operator_length(std::string_view rest) {
    // Every operator longer than one character has one of these as its second character.
    if (rest.size() < 2 || std::string_view("*/<>=.").find(rest[1]) == std::string_view::npos)
        return 1;
    for (auto op : three_char_ops)
        if (rest.starts_with(op)) return 3;
    for (auto op : two_char_ops)
        if (rest.starts_with(op)) return 2;
    return 1;
}

std::vector<std::size_t> find_line_starts(std::string_view s) {
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n') {
            starts.push_back(i + 1);
        } else if (s[i] == '\r') {
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
            starts.push_back(i + 1);
        }
    }
    return starts;
}

// Scans one region of the source: the whole file, or the expression of an f-string field.
class scanner {
  public:
    scanner(token_stream& out, std::deque<std::string_view>& pending_fields)
        : out_(out), pending_(pending_fields) {}

    // `inside_field`: the region is an f-string field, where line breaks never end a line.
    void scan(std::string_view region, bool inside_field) {
        region_ = region;
        pos_ = 0;
        depth_ = inside_field ? 1 : 0;
        line_has_tokens_ = false;
        while (pos_ < region_.size())
            step();
        if (line_has_tokens_ || inside_field) emit_newline();
    }

  private:
    void step() {
        unsigned char c = static_cast<unsigned char>(region_[pos_]);
        if (c == ' ' || c == '\t' || c == '\f') {
            ++pos_;
        } else if (c == '\\' && pos_ + 1 < region_.size() && is_line_break(region_[pos_ + 1])) {
            pos_ = skip_line_break(pos_ + 1);
        } else if (c == '#') {
            comment();
        } else if (is_line_break(static_cast<char>(c))) {
            pos_ = skip_line_break(pos_);
            if (depth_ == 0 && line_has_tokens_) emit_newline();
        } else if (is_name_start(c)) {
            name_or_prefixed_string();
        } else if (is_digit(c) || (c == '.' && pos_ + 1 < region_.size() &&
                                   is_digit(static_cast<unsigned char>(region_[pos_ + 1])))) {
            number();
        } else if (c == '\'' || c == '"') {
            string(pos_, 0);
        } else {
            operator_token();
        }
    }

    std::size_t skip_line_break(std::size_t at) const {
        if (region_[at] == '\r' && at + 1 < region_.size() && region_[at + 1] == '\n')
            return at + 2;
        return at + 1;
    }

    void emit(std::size_t start, token_kind kind, std::uint8_t flags = 0) {
        out_.tokens.push_back({region_.substr(start, pos_ - start), kind, flags});
        line_has_tokens_ = true;
    }

    void emit_newline() {
        out_.tokens.push_back({region_.substr(pos_, 0), token_kind::newline, 0});
        line_has_tokens_ = false;
    }

    void comment() {
        std::size_t start = pos_;
        while (pos_ < region_.size() && !is_line_break(region_[pos_]))
            ++pos_;
        out_.comments.push_back(region_.substr(start, pos_ - start));
    }

    void name_or_prefixed_string() {
        std::size_t start = pos_;
        while (pos_ < region_.size() && is_name_char(static_cast<unsigned char>(region_[pos_])))
            ++pos_;
        if (pos_ < region_.size() && (region_[pos_] == '\'' || region_[pos_] == '"')) {
            if (auto flags = string_prefix_flags(region_.substr(start, pos_ - start))) {
                string(start, *flags);
                return;
            }
        }
        emit(start, token_kind::name);
    }

    void number() {
        std::size_t start = pos_;
        bool hex = region_.substr(pos_, 2) == "0x" || region_.substr(pos_, 2) == "0X";
        while (pos_ < region_.size()) {
            char c = region_[pos_];
            bool exponent_sign =
                (c == '+' || c == '-') && !hex && pos_ > start && (region_[pos_ - 1] | 0x20) == 'e';
            if (!is_name_char(static_cast<unsigned char>(c)) && c != '.' && !exponent_sign) break;
            ++pos_;
        }
        emit(start, token_kind::number);
    }

    // A string literal whose prefix starts at `start` and whose quote is at pos_.
    void string(std::size_t start, std::uint8_t flags) {
        char q = region_[pos_];
        bool triple = triple_quote_at(pos_, q);
        pos_ += triple ? 3 : 1;
        bool closed = false;
        while (pos_ < region_.size() && !closed) {
            char c = region_[pos_];
            if (c == '\\') {
                pos_ = pos_ + 1 < region_.size() ? skip_escaped(pos_ + 1) : pos_ + 1;
            } else if (c == q && (!triple || triple_quote_at(pos_, q))) {
                pos_ += triple ? 3 : 1;
                closed = true;
            } else if (!triple && is_line_break(c)) {
                break;
            } else {
                ++pos_;
            }
        }
        if (!closed) flags |= unterminated;
        if (flags & formatted_string) flags |= queue_fields(region_.substr(start, pos_ - start));
        emit(start, token_kind::string, flags);
    }

    bool triple_quote_at(std::size_t at, char q) const {
        return at + 2 < region_.size() && region_[at] == q && region_[at + 1] == q &&
               region_[at + 2] == q;
    }

    std::size_t skip_escaped(std::size_t at) const {
        return is_line_break(region_[at]) ? skip_line_break(at) : at + 1;
    }

    std::uint8_t queue_fields(std::string_view token_text) {
        auto fields = replacement_fields(split_string_token(token_text).body);
        pending_.insert(pending_.end(), fields.begin(), fields.end());
        return fields.empty() ? 0 : has_fields;
    }

    void operator_token() {
        std::size_t start = pos_;
        char c = region_[pos_];
        pos_ += operator_length(region_.substr(pos_));
        if (c == '(' || c == '[' || c == '{') ++depth_;
        if ((c == ')' || c == ']' || c == '}') && depth_ > 0) --depth_;
        emit(start, token_kind::op);
    }

    token_stream& out_;
    std::deque<std::string_view>& pending_;
    std::string_view region_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    bool line_has_tokens_ = false;
};

} // namespace

position token_stream::locate(std::string_view at) const {
    auto offset = static_cast<std::size_t>(at.data() - source.data());
    auto next_line = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
    auto line = static_cast<std::uint32_t>(next_line - line_starts.begin());
    std::uint32_t column = 1;
    for (std::size_t i = line_starts[line - 1]; i < offset; ++i)
        if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) ++column;
    return {line, column};
}

token_stream tokenize(std::string_view source) {
    token_stream out;
    out.source = source;
    out.line_starts = find_line_starts(source);
    out.tokens.reserve(source.size() / 4 + 16);
    std::deque<std::string_view> pending_fields;
    scanner scan(out, pending_fields);
    scan.scan(source, false);
    while (!pending_fields.empty()) {
        std::string_view field = pending_fields.front();
        pending_fields.pop_front();
        scan.scan(field, true);
    }
    out.tokens.push_back({source.substr(source.size()), token_kind::end, 0});
    return out;
}

bool is_keyword(std::string_view name) {
    // By length, so most names are rejected without a comparison.
    static constexpr std::array<std::string_view, 35> keywords{
        "as",     "if",     "in",     "is",     "or",      "and",      "def",
        "del",    "for",    "not",    "try",    "None",    "True",     "elif",
        "else",   "from",   "pass",   "with",   "False",   "async",    "await",
        "break",  "class",  "raise",  "while",  "yield",   "assert",   "except",
        "global", "import", "lambda", "return", "finally", "continue", "nonlocal"};
    if (name.size() < 2 || name.size() > 8 ||
        !(name[0] >= 'a' || name[0] == 'N' || name[0] == 'T' || name[0] == 'F'))
        return false;
    for (auto keyword : keywords) {
        if (keyword.size() > name.size()) break;
        if (keyword.size() == name.size() && keyword[0] == name[0] && keyword == name) return true;
    }
    return false;
}

} // namespace evo::python_security
