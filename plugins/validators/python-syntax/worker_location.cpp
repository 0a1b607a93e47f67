#include "worker_location.hpp"

#include <evo/plugin.hpp>

#include <dlfcn.h>

#include <filesystem>

namespace evo::python_syntax {
namespace {

// Any object of this library tells dladdr which file the library was loaded from.
const char location_anchor = 0;

} // namespace

std::string bundled_worker_path() {
    Dl_info library{};
    if (dladdr(&location_anchor, &library) == 0 || library.dli_fname == nullptr)
        throw evo::error(EVO_ERR_INTERNAL,
                         "cannot tell where the python-syntax plugin was loaded from");
    const std::filesystem::path plugin = std::filesystem::absolute(library.dli_fname);
    return (plugin.parent_path() / EVO_PYTHON_SYNTAX_WORKER_FROM_PLUGIN_DIR).string();
}

std::string default_python() {
    return EVO_PYTHON_SYNTAX_INTERPRETER;
}

} // namespace evo::python_syntax
