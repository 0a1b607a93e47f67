// Text files the installation ships in share/evo for evo to fill in and write out (evo init's
// manifests, evo plugins new's projects): @KEY@ placeholders replaced by values.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace evo::cli {

using template_values = std::map<std::string, std::string>; // KEY (without the @s) -> value

// The template `file` with every @KEY@ of `values` replaced. Throws runtime_error naming the
// file when it cannot be read or keeps a placeholder `values` lacks (a broken installation
// must not write a half-filled file).
std::string filled_template(const std::filesystem::path& file, const template_values& values);

} // namespace evo::cli
