// Finding the files `evo validate` judges, and the language of each.
#pragma once

#include <evo/host/language_map.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace evo::host {

struct source_file {
    std::filesystem::path path;
    std::string language; // canonical, as a validator declared it
    // Standard input's text, read once (`evo validate -`); `path` is then only its name in
    // reports. nullopt: the text is the file at `path`.
    std::optional<std::string> content = std::nullopt;
};

// A file found but not judged, and why.
struct skipped_file {
    std::filesystem::path path;
    std::string reason;
    // True for a file of no known language: routine in any tree, so text output only counts
    // these; the others (FIFOs, devices, sockets...) are worth a line each.
    bool routine = false;
};

struct discovery {
    std::vector<source_file> files;    // regular files of a known language
    std::vector<skipped_file> skipped; // everything else found, with the reason
    // A path named that gives nothing to check (a file of no known language, a directory
    // with no file to check): one sentence each. `evo validate` warns, or with --strict fails.
    std::vector<std::string> unchecked;
    // Anything else the user should hear once (git missing: ignore files not applied).
    std::vector<std::string> warnings;
};

struct discover_options {
    std::vector<std::string> excludes; // fnmatch globs, see discover_sources
    // The canonical language of every file named (not of files found in a directory, which
    // keep detection); empty: detect each.
    std::string language;
    // Leave out what git ignores (.gitignore, .git/info/exclude, core.excludesFile) in the
    // directories walked (git_ignore.hpp). Files named are checked even when ignored.
    bool respect_ignore_files = true;
};

// The language of a file from its extension, else its shebang line, as the validators
// declared them in `languages`; empty when unknown.
std::string detect_language(const std::filesystem::path& path, const language_map& languages);

// Walks files and directories (recursively, not following directory symlinks), skipping
// version-control folders and anything matching one of `excludes` (fnmatch globs, tried
// against the path as given and against each path component). Only regular files are judged:
// special files (FIFOs, sockets, devices), given or found, are skipped with the reason and
// never opened. Throws config_error for a path that does not exist. Files are sorted so
// output is stable.
discovery discover_sources(const std::vector<std::string>& paths, const discover_options& options,
                           const language_map& languages);

} // namespace evo::host
