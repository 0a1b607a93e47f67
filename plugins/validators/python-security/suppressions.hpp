// Inline suppressions on the line a finding is reported on, as every layer reads them
// (plugins/support/suppressions, docs/suppressions.md):
//   # evo: ignore               every rule
//   # evo: ignore[PY-EVAL, B602] the listed rules (evo or bandit ids)
//   # nosec                     every rule (bandit compatibility)
//   # nosec B602, B607          the listed rules
// The tokenizer decides what is a comment, so text in a string never counts.
#pragma once

#include "rules.hpp"
#include "tokenizer.hpp"

#include <comment_suppressions.hpp>

namespace evo::python_security {

class suppressions {
  public:
    explicit suppressions(const token_stream& stream);
    bool covers(std::uint32_t line, const rule_info& rule) const;

  private:
    evo::suppressions::comment_suppressions directives_;
};

} // namespace evo::python_security
