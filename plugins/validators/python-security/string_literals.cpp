#include "string_literals.hpp"

#include <algorithm>

namespace evo::python_security {

std::optional<std::uint8_t> string_prefix_flags(std::string_view prefix) {
    if (prefix.size() > 2) return std::nullopt;
    std::uint8_t flags = 0;
    for (char c : prefix) {
        std::uint8_t bit = 0;
        switch (c | 0x20) {
        case 'r':
            bit = raw_string;
            break;
        case 'b':
            bit = bytes_string;
            break;
        case 'f':
            bit = formatted_string;
            break;
        case 'u':
            bit = 0;
            break;
        default:
            return std::nullopt;
        }
        if (bit != 0 && (flags & bit) != 0) return std::nullopt;
        if ((c | 0x20) == 'u' && prefix.size() != 1) return std::nullopt;
        flags |= bit;
    }
    if ((flags & bytes_string) && (flags & formatted_string)) return std::nullopt;
    return flags;
}

string_parts split_string_token(std::string_view text) {
    std::size_t quote = text.find_first_of("'\"");
    if (quote == std::string_view::npos) return {};
    string_parts parts;
    parts.flags = string_prefix_flags(text.substr(0, quote)).value_or(0);
    char q = text[quote];
    bool triple = text.size() >= quote + 3 && text[quote + 1] == q && text[quote + 2] == q;
    std::size_t quote_size = triple ? 3 : 1;
    std::string_view rest = text.substr(quote + quote_size);
    std::string_view closing = text.substr(quote, quote_size);
    if (rest.size() >= quote_size && rest.substr(rest.size() - quote_size) == closing)
        rest.remove_suffix(quote_size);
    parts.body = rest;
    return parts;
}

namespace {

// Index just past a quoted string starting at `at` inside a field expression.
std::size_t skip_nested_string(std::string_view body, std::size_t at) {
    char q = body[at];
    std::size_t end = body.find(q, at + 1);
    return end == std::string_view::npos ? body.size() : end + 1;
}

std::string_view without_debug_marker(std::string_view expression) {
    if (expression.size() >= 2 && expression.back() == '=') {
        char before = expression[expression.size() - 2];
        if (before != '=' && before != '!' && before != '<' && before != '>')
            expression.remove_suffix(1);
    }
    return expression;
}

class field_scanner {
  public:
    explicit field_scanner(std::string_view body) : body_(body) {}

    std::vector<std::string_view> scan() {
        std::size_t i = 0;
        while (i < body_.size()) {
            if (body_[i] == '{' && i + 1 < body_.size() && body_[i + 1] == '{')
                i += 2;
            else if (body_[i] == '{')
                i = field(i + 1, 0);
            else
                ++i;
        }
        return std::move(fields_);
    }

  private:
    static constexpr int max_nesting = 8;

    // Scans the field whose expression starts at `i`; returns the index past its '}'.
    std::size_t field(std::size_t i, int nesting) {
        std::size_t start = i;
        int depth = 0;
        for (; i < body_.size(); ++i) {
            char c = body_[i];
            if (c == '\'' || c == '"') {
                i = skip_nested_string(body_, i) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                ++depth;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                --depth;
            } else if (depth == 0 && (c == '}' || c == ':' ||
                                      (c == '!' && i + 1 < body_.size() && body_[i + 1] != '='))) {
                fields_.push_back(without_debug_marker(body_.substr(start, i - start)));
                return c == '}' ? i + 1 : spec(i + 1, nesting);
            }
        }
        fields_.push_back(body_.substr(start));
        return i;
    }

    // Scans a conversion and format spec up to the field's closing '}'.
    std::size_t spec(std::size_t i, int nesting) {
        while (i < body_.size()) {
            if (body_[i] == '}') return i + 1;
            if (body_[i] == '{' && nesting < max_nesting)
                i = field(i + 1, nesting + 1);
            else
                ++i;
        }
        return i;
    }

    std::string_view body_;
    std::vector<std::string_view> fields_;
};

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
    return -1;
}

} // namespace

std::vector<std::string_view> replacement_fields(std::string_view body) {
    return field_scanner(body).scan();
}

std::string literal_value(std::string_view body, bool raw) {
    if (raw || body.find('\\') == std::string_view::npos) return std::string(body);
    std::string value;
    value.reserve(body.size());
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] != '\\' || i + 1 == body.size()) {
            value += body[i];
            continue;
        }
        char next = body[++i];
        switch (next) {
        case 'n':
            value += '\n';
            break;
        case 't':
            value += '\t';
            break;
        case 'r':
            value += '\r';
            break;
        case '0':
            value += '\0';
            break;
        case '\\':
        case '\'':
        case '"':
            value += next;
            break;
        case '\n':
            break;
        case 'x':
            if (i + 2 < body.size() && hex_digit(body[i + 1]) >= 0 && hex_digit(body[i + 2]) >= 0) {
                value += static_cast<char>(hex_digit(body[i + 1]) * 16 + hex_digit(body[i + 2]));
                i += 2;
                break;
            }
            [[fallthrough]];
        default:
            value += '\\';
            value += next;
            break;
        }
    }
    return value;
}

std::string literal_text(const token& string_token) {
    string_parts parts = split_string_token(string_token.text);
    bool raw = (parts.flags & raw_string) != 0;
    if (!(string_token.flags & has_fields)) return literal_value(parts.body, raw);
    std::string text;
    std::size_t literal_start = 0;
    for (std::string_view field : replacement_fields(parts.body)) {
        auto field_start = static_cast<std::size_t>(field.data() - parts.body.data());
        if (field_start < literal_start) continue; // nested in a format spec
        std::size_t brace = parts.body.rfind('{', field_start);
        text += literal_value(parts.body.substr(literal_start, brace - literal_start), raw);
        text += unknown_part;
        std::size_t close = parts.body.find('}', field_start + field.size());
        literal_start = close == std::string_view::npos ? parts.body.size() : close + 1;
    }
    text += literal_value(parts.body.substr(std::min(literal_start, parts.body.size())), raw);
    return text;
}

} // namespace evo::python_security
