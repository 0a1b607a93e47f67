// The syntax of Python string literals: prefixes, quotes, f-string replacement fields and
// (approximately) the value a literal denotes.
#pragma once

#include "tokenizer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::python_security {

// string_flag bits for a prefix such as "rb" or "F"; nullopt when it is not a string prefix.
std::optional<std::uint8_t> string_prefix_flags(std::string_view prefix);

struct string_parts {
    std::uint8_t flags = 0; // string_flag bits of the prefix
    std::string_view body;  // between the quotes
};

// Splits a complete string token (prefix, quotes, body); tolerates a missing closing quote.
string_parts split_string_token(std::string_view token_text);

// The expressions of the replacement fields of an f-string body, including fields nested in
// format specs ("{x:{width}}"), without conversions, specs or a trailing "=".
std::vector<std::string_view> replacement_fields(std::string_view body);

// The text a literal denotes, with the common escapes decoded; good enough for matching
// paths, SQL and host names, not a full decoder.
std::string literal_value(std::string_view body, bool raw);

// Stands for a part of a text or path that is only known at run time.
inline constexpr std::string_view unknown_part = "{}";

// The text of a string token: its value, with each f-string replacement field shown as
// unknown_part.
std::string literal_text(const token& string_token);

} // namespace evo::python_security
