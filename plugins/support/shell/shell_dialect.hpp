// Which shell a script is written for. The host maps a file to a language by its extension
// first, so a `.sh` file may well be zsh: the shebang, which the validators see in the text,
// wins over the extension here.
#pragma once

#include <string>
#include <string_view>

namespace evo::shell {

enum class dialect {
    bash,  // a bash shebang, or none in a "shell" file: bash -n, shellcheck --shell=bash
    posix, // sh, dash, ash: POSIX sh, where bashisms are errors
    zsh,   // zsh, or a "zsh" file without shebang: a language of its own
    ksh,   // ksh, mksh, pdksh: Bourne-like, but not bash
    other  // fish, csh, tcsh, or no shell at all (python, perl...): nothing here parses it
};

struct script_dialect {
    dialect kind = dialect::bash;
    std::string shell; // the program the shebang names ("zsh"), or "" without a shebang
};

// The program a shebang line runs, by its base name: "#!/usr/bin/env -S bash -e" gives
// "bash"; "" when the text does not start with "#!".
std::string shebang_shell(std::string_view text);

// The script's dialect: its shebang when it has one, else its declared language ("zsh" or,
// for anything else, bash).
script_dialect dialect_of(std::string_view text, std::string_view language);

} // namespace evo::shell
