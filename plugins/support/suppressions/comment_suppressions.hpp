// Inline suppressions, one syntax for every layer that honours them (docs/suppressions.md):
//   # evo: ignore                every rule on the line
//   # evo: ignore[PY-EVAL, B602]  the listed rules (evo ids, bandit ids, shellcheck codes)
//   # nosec                      every rule (bandit compatibility)
//   # nosec B602, B607           the listed rules
// A directive covers the line its comment is on. The caller finds the comments with its own
// language's lexer, so a `#` inside a string (or shell's `$#`) is never taken for one.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace evo::suppressions {

class comment_suppressions {
  public:
    // One comment, from its `#` to the end of its line, on `line` (1-based).
    void add_comment(std::uint32_t line, std::string_view comment);

    // Whether a finding on `line` that answers to any of `ids` (its rule id, its bandit id or
    // shellcheck code; empty ones are ignored) is suppressed.
    bool covers(std::uint32_t line, std::initializer_list<std::string_view> ids) const;

  private:
    struct directive {
        bool every_rule = false;
        std::vector<std::string> ids;
    };
    std::unordered_map<std::uint32_t, directive> by_line_;
};

} // namespace evo::suppressions
