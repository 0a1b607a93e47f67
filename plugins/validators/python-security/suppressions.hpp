// Inline suppressions on the line a finding is reported on:
//   # evo: ignore               every rule
//   # evo: ignore[PY-EVAL, B602] the listed rules (evo or bandit ids)
//   # nosec                     every rule (bandit compatibility)
//   # nosec B602, B607          the listed rules
#pragma once

#include "rules.hpp"
#include "tokenizer.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace evo::python_security {

class suppressions {
  public:
    explicit suppressions(const token_stream& stream);
    bool covers(std::uint32_t line, const rule_info& rule) const;

  private:
    struct directive {
        bool every_rule = false;
        std::vector<std::string> ids;
    };
    std::unordered_map<std::uint32_t, directive> by_line_;
};

} // namespace evo::python_security
