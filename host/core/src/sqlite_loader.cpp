// Loads evo-store.so, and SQLite with it, on the command store's first use.
#include "sqlite_api.hpp"

#include <evo/host/command_store.hpp>
#include <evo/host/runtime.hpp>

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace evo::host {
namespace {

std::filesystem::path& chosen_module() {
    static std::filesystem::path path;
    return path;
}

} // namespace

void use_sqlite_module(const std::filesystem::path& module) {
    chosen_module() = module;
}

const evo_sqlite_api& sqlite() {
    static std::once_flag once;
    static const evo_sqlite_api* api = nullptr;
    static std::string load_error;
    std::call_once(once, [] {
        auto path = chosen_module();
        if (path.empty()) path = locate_installation().host_lib_dir / "evo-store.so";
        // RTLD_LAZY: bind only the SQLite functions a run calls (as evo-http.so is loaded).
        void* handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
        if (!handle) {
            const char* why = dlerror();
            load_error = "cannot load " + path.string() + ": " + (why ? why : "unknown error");
            return;
        }
        using api_fn = const evo_sqlite_api* (*)();
        auto fn = reinterpret_cast<api_fn>(dlsym(handle, "evo_store_sqlite_api"));
        if (fn) api = fn();
        if (!api) load_error = path.string() + " lacks evo_store_sqlite_api";
    });
    if (!api) throw store_error(load_error);
    return *api;
}

} // namespace evo::host
