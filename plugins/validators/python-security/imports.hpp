// Import statements: `import a.b as c`, `from a import b as c, d`, `from a import *`.
#pragma once

#include "scope.hpp"
#include "tokenizer.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace evo::python_security {

// True when tokens [begin, end) form an import statement.
bool is_import_statement(const std::vector<token>& tokens, std::uint32_t begin, std::uint32_t end);

// A module or module member an import statement names: "xml.etree.ElementTree" for
// `import xml.etree.ElementTree as ET`, "xml.dom.minidom" for `from xml.dom import minidom`.
struct imported_name {
    std::string qualified;
    std::uint32_t anchor; // its first token
};

// Binds the names an import statement in tokens [begin, end) introduces, and lists what it
// imports in `imported` when given. Relative imports name nothing outside the project.
void apply_import(const std::vector<token>& tokens, std::uint32_t begin, std::uint32_t end,
                  scope& names, std::vector<imported_name>* imported = nullptr);

} // namespace evo::python_security
