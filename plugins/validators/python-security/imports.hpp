// Import statements: `import a.b as c`, `from a import b as c, d`, `from a import *`.
#pragma once

#include "scope.hpp"
#include "tokenizer.hpp"

#include <cstdint>

namespace evo::python_security {

// True when tokens [begin, end) form an import statement.
bool is_import_statement(const std::vector<token>& tokens, std::uint32_t begin, std::uint32_t end);

// Binds the names an import statement in tokens [begin, end) introduces.
void apply_import(const std::vector<token>& tokens, std::uint32_t begin, std::uint32_t end,
                  scope& names);

} // namespace evo::python_security
