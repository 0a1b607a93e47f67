#include "context.hpp"

#include <evo/host/error.hpp>

namespace evo::cli {

std::optional<std::filesystem::path> context::manifest_path() const {
    if (!manifest_option.empty()) return std::filesystem::path(manifest_option);
    return host::default_manifest_path(install.data_dir);
}

std::filesystem::path context::require_manifest_path() const {
    auto path = manifest_path();
    if (!path)
        throw host::config_error("no manifest: pass -m FILE, set EVO_MANIFEST, or create ./evo.toml");
    return *path;
}

std::unique_ptr<host::runtime> context::load_runtime() const {
    return std::make_unique<host::runtime>(host::load_manifest(require_manifest_path()), install);
}

} // namespace evo::cli
