// Pulling the code out of a model's answer.
#pragma once

#include <string>
#include <string_view>

namespace evo::host {

// The first fenced block whose info string names `language` (or an alias of it); else the
// first fenced block; else the whole answer, trimmed. An unclosed fence (a cut-off answer)
// yields its content up to the end.
std::string extract_code(std::string_view answer, std::string_view language);

// Canonical language names: "py" -> "python", "sh"/"bash" -> "shell", "c++"/"cxx" -> "cpp".
std::string canonical_language(std::string_view name);

} // namespace evo::host
