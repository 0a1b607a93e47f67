#include "manifest_search.hpp"

#include <system_error>

namespace evo::cli {

namespace fs = std::filesystem;

namespace {

bool present(const fs::path& p) {
    std::error_code ec;
    return fs::exists(fs::symlink_status(p, ec));
}

// The nearest directory at or above `dir` that holds a .git (directory or file); empty if none.
fs::path work_tree_of(fs::path dir) {
    for (;; dir = dir.parent_path()) {
        if (present(dir / ".git")) return dir;
        if (dir == dir.parent_path()) return {};
    }
}

} // namespace

std::optional<fs::path> find_project_manifest() {
    std::error_code ec;
    const fs::path here = fs::current_path(ec);
    if (ec) return present("evo.toml") ? std::optional<fs::path>("evo.toml") : std::nullopt;
    if (present("evo.toml")) return fs::path("evo.toml"); // named as it always was
    const fs::path top = work_tree_of(here);
    if (top.empty()) return std::nullopt;
    for (fs::path dir = here; dir != top;) {
        dir = dir.parent_path();
        if (present(dir / "evo.toml")) return dir / "evo.toml";
        if (dir == dir.parent_path()) break;
    }
    return std::nullopt;
}

} // namespace evo::cli
