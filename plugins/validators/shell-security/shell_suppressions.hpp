// Inline suppressions in shell, read as in every layer (plugins/support/suppressions,
// docs/suppressions.md): `# evo: ignore[RULE]` and `# nosec` on the line of a finding. The parser
// decides what is a comment, so a `#` in quotes, `$#` or `${#x}` never counts. shellcheck's own
// `# shellcheck disable=SC2086` reaches shellcheck with the script, as it always has.
#pragma once

#include "shell_ast.hpp"

#include <evo/plugin.hpp>

#include <comment_suppressions.hpp>

#include <vector>

namespace evo::shell {

evo::suppressions::comment_suppressions suppressions_of(const script& s);

// What shellcheck reports as a parse error (SC1xxx at level error) says the script is not
// shell at all: like a syntax error, no comment hides it.
bool is_parse_error(const evo::finding& f);

// `found` without the findings `quiet` covers, by their rule id or shellcheck code.
void drop_suppressed(std::vector<evo::finding>& found,
                     const evo::suppressions::comment_suppressions& quiet);

} // namespace evo::shell
