// A Python tokenizer for security analysis: names, numbers, strings, operators and logical
// line ends, with comments kept aside for suppressions. It never fails: malformed input
// (unterminated strings, stray brackets, NUL bytes) still yields a token stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace evo::python_security {

enum class token_kind : std::uint8_t { name, number, string, op, newline, end };

// Properties of a string token, from its prefix and body.
enum string_flag : std::uint8_t {
    raw_string = 1,
    bytes_string = 2,
    formatted_string = 4, // an f-string
    has_fields = 8,       // an f-string with at least one {replacement field}
    unterminated = 16,
};

struct token {
    std::string_view text; // a view into the source; empty for newline and end
    token_kind kind;
    std::uint8_t flags = 0; // string_flag bits for strings

    bool is_op(std::string_view op) const { return kind == token_kind::op && equals(op); }
    bool is_name(std::string_view name) const { return kind == token_kind::name && equals(name); }
    bool opens_bracket() const {
        return kind == token_kind::op && text.size() == 1 &&
               (text[0] == '(' || text[0] == '[' || text[0] == '{');
    }
    bool closes_bracket() const {
        return kind == token_kind::op && text.size() == 1 &&
               (text[0] == ')' || text[0] == ']' || text[0] == '}');
    }

  private:
    // Tokens are short: comparing in place beats a call to memcmp.
    bool equals(std::string_view other) const {
        if (text.size() != other.size()) return false;
        for (std::size_t i = 0; i < other.size(); ++i)
            if (text[i] != other[i]) return false;
        return true;
    }
};

struct position {
    std::uint32_t line;   // 1-based
    std::uint32_t column; // 1-based, in code points
};

// The tokens of one source. The expressions inside f-string replacement fields are
// tokenized too and appended after the source's own tokens, each field followed by a
// newline token, so an analysis reads them as expression statements of their own.
// The last token is always `end`.
struct token_stream {
    std::string_view source;
    std::vector<token> tokens;
    std::vector<std::string_view> comments; // from '#' to the end of the line
    std::vector<std::size_t> line_starts;   // byte offset where each line begins

    position locate(std::string_view at) const;
};

token_stream tokenize(std::string_view source);

// Python's hard keywords: names that never start an expression chain.
bool is_keyword(std::string_view name);

} // namespace evo::python_security
