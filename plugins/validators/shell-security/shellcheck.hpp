// shellcheck as a second opinion: how to call it and how its json1 output maps to findings.
#pragma once

#include <evo/plugin.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::shell {

// `shellcheck --format=json1 [--shell=DIALECT] -`. Without a shebang the dialect comes from
// the source's language ("sh" means POSIX sh, anything else bash), so shellcheck neither
// guesses nor complains that it cannot tell.
std::vector<std::string> shellcheck_arguments(const std::string& program, std::string_view script,
                                              std::string_view language);

// shellcheck's time limit when none is configured: 10 s, plus 60 s per 100 KB of script
// (shellcheck took 95 s on nvm.sh, 150 KB), capped at an hour.
uint32_t shellcheck_timeout_ms(std::size_t script_bytes);

// comments[].code/level/line/column/message -> SC<code>; error -> HIGH, warning -> MEDIUM,
// info and style -> LOW. Throws evo::error(EVO_ERR_PROTOCOL) when the text is not json1.
std::vector<evo::finding> shellcheck_findings(std::string_view json1);

// The executable a command name resolves to through PATH (or the path itself when it holds
// a slash), if there is one.
std::optional<std::string> find_program(std::string_view name);

} // namespace evo::shell
