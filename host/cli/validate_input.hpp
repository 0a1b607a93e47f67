// What `evo validate` reads: the paths named, standard input for `-`, and the options that
// shape it (--lang, --stdin-filename, --strict, --no-ignore).
#pragma once

#include <evo/host/language_map.hpp>
#include <evo/host/source_files.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace evo::cli {

struct validate_input {
    std::string language;       // --lang: of stdin and of every file named; empty: detect
    std::string stdin_filename; // --stdin-filename: stdin's name in reports and its language
    bool strict = false;        // --strict: a path that gives nothing to check is an error
    bool no_ignore = false;     // --no-ignore: walk what .gitignore files leave out too
};

void add_input_options(CLI::App& validate, validate_input& input);

// The files to judge: `paths` discovered (git's ignore rules applied unless --no-ignore),
// then standard input, read whole, when `-` is among them. Warns once per path that gives
// nothing to check; with --strict that is a config_error, as is a bad --lang or a stdin
// whose language cannot be told.
host::discovery discover_input(const std::vector<std::string>& paths,
                               const std::vector<std::string>& excludes,
                               const validate_input& input, const host::language_map& languages);

} // namespace evo::cli
