// Reading an error body's words (the kit's own helper, not part of its interface).
#pragma once

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>

namespace provider_kit::detail {

// The start of `text` in lower case: an error body says what it means early, if at all.
inline std::string lowercase(std::string_view text) {
    std::string out(text.substr(0, 64 * 1024));
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

inline bool mentions_any(const std::string& text, std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(),
                       [&](std::string_view w) { return text.find(w) != std::string::npos; });
}

} // namespace provider_kit::detail
