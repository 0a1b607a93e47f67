// evo plugins new KIND NAME [DIR]: a ready plugin project written from the installation's
// templates (share/evo/plugin-templates/common and .../KIND): a CMakeLists with
// find_package(evo) and evo_add_plugin(), the plugin, a test through the installed test host
// (evo::testhost) and through `evo plugins inspect`, a manifest that uses it, a README.
#pragma once

#include <evo/host/runtime.hpp>

#include <filesystem>
#include <string>

namespace evo::cli {

struct scaffold_request {
    std::string kind;          // provider, validator, cache or scheduler
    std::string name;          // the plugin's name: evo-NAME.so
    std::filesystem::path dir; // empty: ./NAME
    bool as_json = false;
};

// Writes the project into a new directory (or an empty one), all at once: the files go into a
// temporary directory beside it, renamed into place at the end, so an interrupted or failed
// run leaves nothing. A bad kind or name, or a DIR that exists and is not empty: exit 2 with
// one line, nothing written.
int write_plugin_project(const scaffold_request& request, const host::installation& install);

} // namespace evo::cli
