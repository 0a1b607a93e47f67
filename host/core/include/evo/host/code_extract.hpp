// Pulling the code out of a model's answer.
#pragma once

#include <evo/host/language_map.hpp>

#include <string>
#include <string_view>

namespace evo::host {

// The first fenced block whose info string names `language` (or an alias `names` knows, as
// the validators declared them); else the first fenced block; else the whole answer, trimmed.
// An unclosed fence (a cut-off answer) yields its content up to the end.
std::string extract_code(std::string_view answer, std::string_view language, const language_map& names = {});

} // namespace evo::host
