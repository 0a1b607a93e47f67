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

struct discovery {
    std::vector<source_file> files;
    std::size_t skipped = 0; // files of no known language
};

// The language of a file from its extension, else its shebang line, as the validators
// declared them in `languages`; empty when unknown.
std::string detect_language(const std::filesystem::path& path, const language_map& languages);

// Walks files and directories (recursively, not following directory symlinks), skipping
// version-control folders and anything matching one of `excludes` (fnmatch globs, tried
// against the path as given and against each path component). Throws config_error for a
// path that does not exist. Files are sorted so output is stable.
discovery discover_sources(const std::vector<std::string>& paths, const std::vector<std::string>& excludes,
                           const language_map& languages);

} // namespace evo::host
