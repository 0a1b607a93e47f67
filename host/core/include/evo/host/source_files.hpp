// Finding the files `evo validate` judges, and the language of each.
#pragma once

#include <evo/host/language_map.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace evo::host {

struct source_file {
    std::filesystem::path path;
    std::string language; // canonical, as a validator declared it
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
discovery discover_sources(const std::vector<std::string>& paths, const std::vector<std::string>& excludes,
                           const language_map& languages);

} // namespace evo::host
