// Words as people write them: counts ("1 finding", "2 findings", "0 files") and lists.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace evo::cli {

// `noun` in the plural for any count but 1; `plural_noun` when adding an s is wrong.
inline std::string plural(std::size_t n, std::string_view noun, std::string_view plural_noun = {}) {
    std::string word(n == 1                ? noun
                     : plural_noun.empty() ? std::string(noun) + "s"
                                           : std::string(plural_noun));
    return std::to_string(n) + " " + word;
}

// `words` with `between` between each two: joined({"a", "b"}, " -> ") is "a -> b".
inline std::string joined(const std::vector<std::string>& words, std::string_view between) {
    std::string out;
    for (const auto& w : words)
        out.append(out.empty() ? "" : between).append(w);
    return out;
}

} // namespace evo::cli
