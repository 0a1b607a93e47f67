// Which language a name, a file extension or a shebang line means. The host knows no
// language of its own: the map holds exactly what the pipeline's validators declare.
#pragma once

#include <evo/plugin.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

// The host's copy of one language a validator declared (evo_language), lists split.
struct declared_language {
    std::string name;
    std::vector<std::string> aliases, extensions, interpreters;
};

// The languages a validator's function table declares: each name of `languages`, completed
// by its language_table entry when there is one. Throws std::invalid_argument with a reason
// (no language at all, a table entry too small, unnamed, or naming a language `languages`
// lacks).
std::vector<declared_language> declared_languages(const evo_validator_api& api);

class language_map {
  public:
    // Adds one validator's languages. A name, alias, extension or interpreter that an
    // earlier validator already gave to another language stays with that one.
    void add(const std::vector<declared_language>& languages);

    // The canonical name for a name or an alias, ignoring case; an unknown name comes back
    // lowercased, so it never silently becomes another language.
    std::string canonical(std::string_view name) const;
    // The language of a file extension such as ".py" (exact match); "" when none.
    std::string of_extension(std::string_view extension) const;
    // The language of a shebang line ("#!/usr/bin/env python3"); "" when none or no shebang.
    std::string of_shebang(std::string_view first_line) const;

  private:
    std::map<std::string, std::string, std::less<>> names_; // names and aliases, lowercase
    std::map<std::string, std::string, std::less<>> extensions_;
    std::map<std::string, std::string, std::less<>> interpreters_;
};

// The program a shebang line runs: the basename of its command, or for `env` the first
// argument that is neither an option nor a VAR=value; "" when the line is no shebang.
std::string shebang_program(std::string_view first_line);

} // namespace evo::host
