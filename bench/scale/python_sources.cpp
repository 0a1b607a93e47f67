#include "python_sources.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace evo::scale_bench {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 6> excluded{"test",        "tests",         "idle_test",
                                                   "__pycache__", "site-packages", "dist-packages"};

void collect(const fs::path& dir, std::vector<std::string>& out) {
    std::vector<fs::path> files, subdirs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory(ec) && !entry.is_symlink(ec)) {
            if (std::find(excluded.begin(), excluded.end(), name) == excluded.end())
                subdirs.push_back(entry.path());
        } else if (entry.path().extension() == ".py" && entry.is_regular_file(ec)) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::sort(subdirs.begin(), subdirs.end());
    for (const auto& f : files)
        out.push_back(f.string());
    for (const auto& d : subdirs)
        collect(d, out);
}

} // namespace

std::vector<std::string> python_sources(const fs::path& root, std::size_t limit) {
    std::vector<std::string> out;
    collect(root, out);
    if (limit && out.size() > limit) out.resize(limit);
    return out;
}

} // namespace evo::scale_bench
