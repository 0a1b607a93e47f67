#include "context.hpp"

#include "manifest_search.hpp"
#include "trusted_manifest.hpp"

#include <evo/host/error.hpp>

namespace evo::cli {

std::optional<host::manifest_location> context::manifest_location() const {
    if (!manifest_option.empty())
        return host::manifest_location{manifest_option, host::manifest_origin::named};
    // The project's evo.toml, here or above up to the work tree's root: trusted or refused
    // exactly as ./evo.toml is.
    if (auto project = find_project_manifest())
        return host::manifest_location{*project, host::manifest_origin::working_directory};
    return host::find_default_manifest(install.data_dir);
}

std::optional<std::filesystem::path> context::manifest_path() const {
    auto where = manifest_location();
    return where ? std::optional(where->path) : std::nullopt;
}

host::manifest_location context::require_manifest_location() const {
    auto where = manifest_location();
    if (!where)
        throw host::config_error(
            "no manifest: pass -m FILE, set EVO_MANIFEST, or create ./evo.toml (evo init)");
    return *where;
}

std::unique_ptr<host::runtime> context::load_runtime(std::string* manifest_text, host::instance_creation when) const {
    auto where = require_manifest_location();
    // Read once, without waiting on a FIFO; a trusted manifest is parsed from exactly the
    // bytes whose hash was checked.
    std::string text = where.origin == host::manifest_origin::working_directory
                           ? read_trusted_manifest(where.path)
                           : read_manifest_bytes(where.path).text;
    auto rt = std::make_unique<host::runtime>(host::parse_manifest(text, where.path), install, when);
    if (manifest_text) *manifest_text = std::move(text);
    return rt;
}

} // namespace evo::cli
