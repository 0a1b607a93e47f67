// The project's own manifest, found as ruff finds its configuration: evo.toml in the current
// directory, then in each parent up to the root of the git work tree that holds it. Outside a
// work tree only the current directory is looked at: a parent such as /tmp or / is shared
// with others, and a manifest there is rarely meant for the directory below.
#pragma once

#include <filesystem>
#include <optional>

namespace evo::cli {

std::optional<std::filesystem::path> find_project_manifest();

} // namespace evo::cli
