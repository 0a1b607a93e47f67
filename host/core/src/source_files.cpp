#include <evo/host/source_files.hpp>

#include "git_ignore.hpp"

#include <evo/host/error.hpp>
#include <evo/host/regular_file.hpp>

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

namespace evo::host {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 4> vcs_dirs = {".git", ".hg", ".svn", "__pycache__"};

// Read without waiting: the file may have become a FIFO since discovery saw it.
std::string first_line(const fs::path& path) {
    std::string head;
    if (read_regular_file(path, head, 255).outcome != file_read::result::ok) return "";
    return head.substr(0, head.find('\n'));
}

bool excluded(const fs::path& path, const std::vector<std::string>& excludes) {
    const std::string whole = path.generic_string();
    for (const auto& pattern : excludes) {
        if (fnmatch(pattern.c_str(), whole.c_str(), 0) == 0) return true;
        for (const auto& part : path)
            if (fnmatch(pattern.c_str(), part.c_str(), 0) == 0) return true;
    }
    return false;
}

void add_file(const fs::path& path, const language_map& languages, discovery& out) {
    std::string language = detect_language(path, languages);
    if (language.empty())
        out.skipped.push_back({path, "no known language", true});
    else out.files.push_back({path, std::move(language)});
}

// Regular files go on to language detection; anything else is skipped unopened: opening a
// FIFO waits for a writer, reading a device may never end.
void add_if_regular(const fs::path& path, fs::file_type type, const language_map& languages, discovery& out) {
    if (type == fs::file_type::regular)
        add_file(path, languages, out);
    else
        out.skipped.push_back({path, special_file_reason(type)});
}

// One directory's entries, depth first. Directory symbolic links are not followed (a link
// can lead out of the tree, or in a circle); version-control folders, excluded paths and, when
// `ignores` is given, what git ignores are neither checked nor descended.
void walk(const fs::path& dir, const discover_options& options, const language_map& languages,
          git_ignore* ignores, discovery& out) {
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec))
        entries.push_back(*it);
    std::vector<std::string> names;
    for (const auto& e : entries)
        names.push_back(e.path().filename().string());
    std::vector<bool> ignored =
        ignores ? ignores->ignored(dir, names) : std::vector<bool>(entries.size(), false);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const fs::path& p = entries[i].path();
        if (ignored[i] || excluded(p, options.excludes)) continue;
        const bool is_dir = entries[i].is_directory(ec) && !entries[i].is_symlink(ec);
        if (is_dir) {
            if (std::find(vcs_dirs.begin(), vcs_dirs.end(), names[i]) == vcs_dirs.end())
                walk(p, options, languages, ignores, out);
            continue;
        }
        if (entries[i].is_directory(ec)) continue; // a link to a directory
        add_if_regular(p, entries[i].status(ec).type(), languages, out);
    }
}

// A directory named on the command line that git ignores (evo run inside build/) is checked
// whole, as a file named is: naming it is asking for it.
bool named_directory_ignored(git_ignore& ignores, const fs::path& dir) {
    std::error_code ec;
    const fs::path real = fs::canonical(dir, ec);
    if (ec || real == real.parent_path() || fs::exists(fs::symlink_status(real / ".git", ec)))
        return false;
    return ignores.ignored(real.parent_path(), {real.filename().string()}).front();
}

// By path, each path once (a file may be named twice, or inside a directory also named).
template <typename Entry> void sort_unique(std::vector<Entry>& entries) {
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
    entries.erase(std::unique(entries.begin(), entries.end(),
                              [](const auto& a, const auto& b) { return a.path == b.path; }),
                  entries.end());
}

} // namespace

std::string detect_language(const fs::path& path, const language_map& languages) {
    std::string by_extension = languages.of_extension(path.extension().string());
    return by_extension.empty() ? languages.of_shebang(first_line(path)) : by_extension;
}

discovery discover_sources(const std::vector<std::string>& paths, const discover_options& options,
                           const language_map& languages) {
    discovery out;
    std::optional<git_ignore> ignores;
    if (options.respect_ignore_files) ignores.emplace();
    for (const auto& given : paths) {
        fs::path p(given);
        std::error_code ec;
        auto status = fs::status(p, ec);
        if (ec || !fs::exists(status)) throw config_error(given + ": no such file or directory");
        if (fs::is_directory(status)) {
            const std::size_t before = out.files.size();
            const bool apply = ignores && !named_directory_ignored(*ignores, p);
            walk(p, options, languages, apply ? &*ignores : nullptr, out);
            if (out.files.size() == before)
                out.unchecked.push_back(given + ": no file to check in this directory");
        } else if (excluded(p, options.excludes)) {
            out.unchecked.push_back(given + ": excluded by --exclude");
        } else if (status.type() != fs::file_type::regular || options.language.empty()) {
            const std::size_t before = out.files.size();
            add_if_regular(p, status.type(), languages, out);
            if (out.files.size() == before && status.type() == fs::file_type::regular)
                out.unchecked.push_back(given + ": no known language (pass --lang to check it)");
        } else {
            out.files.push_back({p, options.language});
        }
    }
    if (ignores) out.warnings = ignores->warnings();
    sort_unique(out.files);
    sort_unique(out.skipped);
    return out;
}

} // namespace evo::host
