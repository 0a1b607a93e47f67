// Pulling the code out of a model's answer.
#pragma once

#include <evo/host/language_map.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace evo::host {

// The first fenced block whose info string names `language` (or an alias `names` knows, as
// the validators declared them); else the first fenced block; else the whole answer, trimmed.
// An unclosed fence (a cut-off answer) yields its content up to the end.
std::string extract_code(std::string_view answer, std::string_view language, const language_map& names = {});

// An evolved command's answer: the program and the tests written for it.
struct program_and_tests {
    std::string code;
    std::optional<std::string> tests; // nullopt: the answer has no second block
};

// The program is the first fenced block, the tests the second. Only blocks tagged with
// `language` (or an alias) or untagged count, so a sample run in ```console between them is
// skipped; when no block is tagged so, every block counts. Without any fence the whole answer
// is the program and there are no tests.
program_and_tests extract_program_and_tests(std::string_view answer, std::string_view language,
                                            const language_map& names = {});

} // namespace evo::host
