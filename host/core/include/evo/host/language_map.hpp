// Which language a name, a file extension or a shebang line means. The host knows no
// language of its own: the map holds exactly what the pipeline's validators declare.
#pragma once

#include <evo/plugin.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

// A command's contract in one language, as a validator that runs tests declared it
// (evo_language's command_file, test_file, runner, test_instructions): the files its
// validate() runs, and the words that ask a model for them.
struct command_language {
    std::string language;          // canonical
    std::string file;              // the program, in the sandbox's work directory
    std::string test_file;         // its tests, next to it
    std::string runner;            // RUNNER FILE ARGS...
    std::string test_instructions; // how the tests are written, for the model
};

// The host's copy of one language a validator declared (evo_language), lists split.
struct declared_language {
    std::string name;
    std::vector<std::string> aliases, extensions, interpreters;
    std::optional<command_language> command = std::nullopt; // a test runner's, since 1.2
};

// The languages a validator's function table declares: each name of `languages`, completed
// by its language_table entry when there is one. Throws std::invalid_argument with a reason
// (no language at all, a table entry too small, unnamed, or naming a language `languages`
// lacks, a command contract incomplete or naming a file that is not a plain file name).
std::vector<declared_language> declared_languages(const evo_validator_api& api);

class language_map {
  public:
    // Adds one validator's languages. A name, alias, extension or interpreter that an
    // earlier validator already gave to another language stays with that one. Command
    // contracts are taken from validators that run tests only (`runs_tests`), the first one
    // declared for a language staying.
    void add(const std::vector<declared_language>& languages, bool runs_tests = false);

    // The canonical name for a name or an alias, ignoring case; an unknown name comes back
    // lowercased, so it never silently becomes another language.
    std::string canonical(std::string_view name) const;
    // Whether a validator declared this name or alias (ignoring case).
    bool knows(std::string_view name) const;
    // The language of a file extension such as ".py" (exact match); "" when none.
    std::string of_extension(std::string_view extension) const;
    // The language of a shebang line ("#!/usr/bin/env python3"); "" when none or no shebang.
    std::string of_shebang(std::string_view first_line) const;
    // The command contract of a language (a name or an alias); nullptr when no validator that
    // runs tests declared one.
    const command_language* command(std::string_view language) const;
    // The canonical names of the languages that have a command contract, sorted.
    std::vector<std::string> command_languages() const;

  private:
    std::map<std::string, std::string, std::less<>> names_; // names and aliases, lowercase
    std::map<std::string, std::string, std::less<>> extensions_;
    std::map<std::string, std::string, std::less<>> interpreters_;
    std::map<std::string, command_language, std::less<>> commands_; // by canonical name
};

// The program a shebang line runs: the basename of its command, or for `env` the first
// argument that is neither an option nor a VAR=value; "" when the line is no shebang.
std::string shebang_program(std::string_view first_line);

} // namespace evo::host
