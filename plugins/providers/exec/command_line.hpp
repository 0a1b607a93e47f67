// The command's argv for one request: the manifest's templates with {model} and {system}.
#pragma once

#include "settings.hpp"

#include <string>
#include <vector>

namespace exec_plugin {

// `command` with "{model}" replaced in every argument by the configured model, else
// `request_model`; then, when `system` is not empty and system_argument is configured, that
// template with "{system}" (and "{model}") replaced. An argument that becomes empty (a
// "{model}" with no model anywhere) throws evo::error(EVO_ERR_INVALID_ARGUMENT) naming it.
std::vector<std::string> command_line(const settings& config, const std::string& request_model,
                                      const std::string& system);

} // namespace exec_plugin
