#include "validate_input.hpp"

#include "stderr_line.hpp"

#include <evo/host/error.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace evo::cli {
namespace {

std::string read_stdin() {
    std::string text;
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n > 0)
            text.append(buffer, static_cast<std::size_t>(n));
        else if (n == 0)
            return text;
        else if (errno != EINTR)
            throw host::runtime_error(std::string("cannot read standard input: ") +
                                      std::strerror(errno));
    }
}

// --lang, else the extension of --stdin-filename, else the text's shebang line.
std::string stdin_language(const validate_input& input, const std::string& forced,
                           const std::string& text, const host::language_map& languages) {
    if (!forced.empty()) return forced;
    if (!input.stdin_filename.empty()) {
        std::string by_name = languages.of_extension(
            std::filesystem::path(input.stdin_filename).extension().string());
        if (!by_name.empty()) return by_name;
    }
    std::string by_shebang = languages.of_shebang(text.substr(0, text.find('\n')));
    if (!by_shebang.empty()) return by_shebang;
    throw host::config_error(
        "cannot tell the language of standard input: pass --lang L" +
        std::string(input.stdin_filename.empty()
                        ? " or --stdin-filename NAME.EXT"
                        : " (" + input.stdin_filename + " has no known extension)"));
}

} // namespace

void add_input_options(CLI::App& validate, validate_input& input) {
    validate.add_option("--lang", input.language,
                        "the language of standard input and of every file named (a name or alias "
                        "a validator declares); directories keep detection");
    validate.add_option("--stdin-filename", input.stdin_filename,
                        "the name standard input has in reports; its extension gives its "
                        "language when --lang is not given");
    validate.add_flag("--strict", input.strict,
                      "fail (exit 2) when a path named gives nothing to check");
    validate.add_flag("--no-ignore", input.no_ignore,
                      "also check what .gitignore, .git/info/exclude and git's global excludes "
                      "file leave out");
}

host::discovery discover_input(const std::vector<std::string>& paths,
                               const std::vector<std::string>& excludes,
                               const validate_input& input, const host::language_map& languages) {
    host::discover_options options;
    options.excludes = excludes;
    options.respect_ignore_files = !input.no_ignore;
    if (!input.language.empty()) {
        if (!languages.knows(input.language))
            throw host::config_error("--lang " + input.language +
                                     ": no validator of the pipeline declares this language");
        options.language = languages.canonical(input.language);
    }
    const auto dashes = std::count(paths.begin(), paths.end(), "-");
    if (dashes > 1) throw host::config_error("'-' (standard input) may be named only once");
    if (dashes == 0 && !input.stdin_filename.empty())
        throw host::config_error("--stdin-filename names standard input: pass '-' as a path");
    std::vector<std::string> named;
    std::copy_if(paths.begin(), paths.end(), std::back_inserter(named),
                 [](const auto& p) { return p != "-"; });

    host::discovery found = host::discover_sources(named, options, languages);
    for (const auto& warning : found.warnings)
        stderr_warning(warning);
    if (!found.unchecked.empty()) {
        if (input.strict) {
            const std::size_t more = found.unchecked.size() - 1;
            throw host::config_error(found.unchecked.front() +
                                     (more ? " (and " + std::to_string(more) + " more)" : "") +
                                     "; --strict asks for something to check in every path");
        }
        for (const auto& unchecked : found.unchecked)
            stderr_warning(unchecked);
    }
    if (dashes) {
        host::source_file in;
        in.content = read_stdin();
        in.path = input.stdin_filename.empty() ? "-" : input.stdin_filename;
        in.language = stdin_language(input, options.language, *in.content, languages);
        // After the files, and never merged with one: stdin may carry a file's own name.
        found.files.push_back(std::move(in));
    }
    return found;
}

} // namespace evo::cli
