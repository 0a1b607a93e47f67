#include <evo/host/source_files.hpp>

#include <evo/host/error.hpp>
#include <evo/host/regular_file.hpp>

#include <fnmatch.h>

#include <algorithm>
#include <array>
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

void walk(const fs::path& root, const std::vector<std::string>& excludes, const language_map& languages,
          discovery& out) {
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    for (; it != end; it.increment(ec)) {
        if (ec) break;
        const fs::path& p = it->path();
        bool is_dir = it->is_directory(ec);
        std::string name = p.filename().string();
        if (is_dir && (std::find(vcs_dirs.begin(), vcs_dirs.end(), name) != vcs_dirs.end() || excluded(p, excludes))) {
            it.disable_recursion_pending();
            continue;
        }
        if (!is_dir && !excluded(p, excludes)) add_if_regular(p, it->status(ec).type(), languages, out);
    }
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

discovery discover_sources(const std::vector<std::string>& paths, const std::vector<std::string>& excludes,
                           const language_map& languages) {
    discovery out;
    for (const auto& given : paths) {
        fs::path p(given);
        std::error_code ec;
        auto status = fs::status(p, ec);
        if (ec || !fs::exists(status)) throw config_error(given + ": no such file or directory");
        if (fs::is_directory(status)) walk(p, excludes, languages, out);
        else if (!excluded(p, excludes))
            add_if_regular(p, status.type(), languages, out);
    }
    sort_unique(out.files);
    sort_unique(out.skipped);
    return out;
}

} // namespace evo::host
