// Which programs fetch from the network and which run the code they are given, and where
// an interpreter takes its program from.
#pragma once

#include "command_words.hpp"

#include <string_view>

namespace evo::shell {

bool is_downloader(std::string_view name);
bool is_shell(std::string_view name);

struct program_source {
    enum class origin {
        none,           // not an interpreter
        standard_input, // `curl ... | sh`, `bash -s`, `python3 -`
        inline_text,    // `sh -c TEXT`, `python3 -c TEXT`, `perl -e TEXT`
        file            // `bash FILE`, `source FILE`
    };
    origin from = origin::none;
    const word* text = nullptr; // the word holding the text or naming the file
};

program_source program_of(const invocation& inv);

} // namespace evo::shell
