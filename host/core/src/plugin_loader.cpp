#include <evo/host/plugin_loader.hpp>

#include "declared_struct.hpp"

#include <evo/host/error.hpp>

#define BOOST_DLL_USE_STD_FS
#include <boost/dll/shared_library.hpp>
#include <spdlog/spdlog.h>

#include <dlfcn.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <stdexcept>
#include <utility>

namespace evo::host {
namespace {

namespace fs = std::filesystem;

// Libraries are never unloaded: plugin code may still run in callbacks or threads at exit.
struct registry {
    std::mutex mutex;
    std::deque<boost::dll::shared_library> libraries;
    std::deque<loaded_plugin> plugins;
};
registry& the_registry() {
    static auto* r = new registry; // intentionally leaked, see above
    return *r;
}

// The size of each struct as ABI 1.0 released it: every plugin of major 1 declares at least
// this much, since the fields in it are required.
constexpr uint32_t v1_0_descriptor_size = offsetof(evo_plugin_descriptor, kind_api) + sizeof(void*);

std::pair<const char*, uint32_t> v1_0_kind_api(int32_t kind) {
    switch (kind) {
    case EVO_KIND_PROVIDER: return {"evo_provider_api", offsetof(evo_provider_api, complete) + sizeof(void*)};
    case EVO_KIND_VALIDATOR: return {"evo_validator_api", offsetof(evo_validator_api, validate) + sizeof(void*)};
    case EVO_KIND_CACHE: return {"evo_cache_api", offsetof(evo_cache_api, stats) + sizeof(void*)};
    case EVO_KIND_SCHEDULER: return {"evo_scheduler_api", offsetof(evo_scheduler_api, run) + sizeof(void*)};
    }
    return {"", 0};
}

std::string missing_functions(const loaded_plugin& p) {
    std::vector<std::string> missing;
    const auto& d = p.descriptor;
    auto need = [&](bool present, const char* name) { if (!present) missing.emplace_back(name); };
    need(d.name && *d.name, "name");
    need(d.version != nullptr, "version");
    need(d.description != nullptr, "description");
    need(d.create != nullptr, "create");
    need(d.destroy != nullptr, "destroy");
    need(d.last_error != nullptr, "last_error");
    switch (d.kind) {
    case EVO_KIND_PROVIDER: need(p.api.provider.complete != nullptr, "complete"); break;
    case EVO_KIND_VALIDATOR: need(p.api.validator.validate != nullptr, "validate"); break;
    case EVO_KIND_CACHE:
        need(p.api.cache.get != nullptr, "get");
        need(p.api.cache.put != nullptr, "put");
        need(p.api.cache.erase != nullptr, "erase");
        break;
    case EVO_KIND_SCHEDULER: need(p.api.scheduler.run != nullptr, "run"); break;
    }
    std::string out;
    for (const auto& m : missing) out += (out.empty() ? "" : ", ") + m;
    return out;
}

std::string load_failure(const fs::path& file) {
    const char* detail = dlerror();
    std::string why = detail ? detail : "unknown loader error";
    if (why.find("undefined symbol") != std::string::npos) {
        auto at = why.find("undefined symbol");
        return file.string() + ": unresolved symbol: " + why.substr(at + std::strlen("undefined symbol: "));
    }
    if (why.find("invalid ELF header") != std::string::npos || why.find("file too short") != std::string::npos)
        return file.string() + ": not a shared library";
    return file.string() + ": cannot be loaded: " + why;
}

loaded_plugin inspect(const fs::path& file, const boost::dll::shared_library& lib) {
    if (!lib.has(EVO_PLUGIN_ENTRY_SYMBOL))
        throw config_error(file.string() + ": not an evo plugin (no " EVO_PLUGIN_ENTRY_SYMBOL " symbol)");
    auto entry = lib.get<const evo_plugin_descriptor*(uint32_t, uint32_t)>(EVO_PLUGIN_ENTRY_SYMBOL);
    const evo_plugin_descriptor* d = entry(EVO_ABI_VERSION_MAJOR, EVO_ABI_VERSION_MINOR);
    if (!d)
        throw config_error(file.string() + ": the plugin refused this host (its entry returned no descriptor for ABI " +
                           std::to_string(EVO_ABI_VERSION_MAJOR) + "." + std::to_string(EVO_ABI_VERSION_MINOR) + ")");
    // Nothing beyond struct_size is read before it is known to be there.
    if (d->struct_size < v1_0_descriptor_size)
        throw config_error(file.string() + ": descriptor is too small (struct_size " + std::to_string(d->struct_size) +
                           "; ABI 1.0's evo_plugin_descriptor has " + std::to_string(v1_0_descriptor_size) + " bytes)");
    loaded_plugin p;
    p.file = file;
    p.descriptor = read_declared<evo_plugin_descriptor>(d);
    d = &p.descriptor;
    const std::string theirs = std::to_string(d->abi_major) + "." + std::to_string(d->abi_minor);
    const std::string ours = std::to_string(EVO_ABI_VERSION_MAJOR) + "." + std::to_string(EVO_ABI_VERSION_MINOR);
    if (d->abi_major != EVO_ABI_VERSION_MAJOR)
        throw config_error(file.string() + ": built for ABI " + theirs + ", this host speaks ABI " + ours + " (major versions must match)");
    // abi_minor is the oldest host the plugin works with, not the header it was compiled with.
    if (d->abi_minor > EVO_ABI_VERSION_MINOR)
        throw config_error(file.string() + ": needs ABI " + theirs + ", newer than this host's ABI " + ours + "; upgrade evo");
    if (!kind_name(d->kind)[0] || !d->kind_api)
        throw config_error(file.string() + ": unknown plugin kind " + std::to_string(d->kind));
    const auto [table, needed] = v1_0_kind_api(d->kind);
    if (uint32_t declared = *static_cast<const uint32_t*>(d->kind_api); declared < needed)
        throw config_error(file.string() + ": " + kind_name(d->kind) + " plugin '" + (d->name ? d->name : "?") + "': " +
                           table + " is too small (struct_size " + std::to_string(declared) + "; ABI 1.0's has " +
                           std::to_string(needed) + " bytes)");
    p.api = read_declared<kind_api>(d->kind_api);
    if (auto missing = missing_functions(p); !missing.empty())
        throw config_error(file.string() + ": " + kind_name(d->kind) + " plugin '" + (d->name ? d->name : "?") +
                           "' lacks required functions: " + missing);
    if (d->kind == EVO_KIND_VALIDATOR) {
        try {
            p.languages = declared_languages(p.api.validator);
            p.rules = declared_rules(p.api.validator);
        } catch (const std::invalid_argument& e) {
            throw config_error(file.string() + ": validator plugin '" + d->name + "' " + e.what());
        }
    }
    return p;
}

} // namespace

std::string loaded_plugin::abi() const {
    return std::to_string(descriptor.abi_major) + "." + std::to_string(descriptor.abi_minor);
}

const char* kind_name(int32_t kind) {
    switch (kind) {
    case EVO_KIND_PROVIDER: return "provider";
    case EVO_KIND_VALIDATOR: return "validator";
    case EVO_KIND_CACHE: return "cache";
    case EVO_KIND_SCHEDULER: return "scheduler";
    }
    return "";
}

const loaded_plugin& load_plugin(const fs::path& requested) {
    std::error_code ec;
    fs::path file = fs::weakly_canonical(requested, ec);
    if (ec || !fs::is_regular_file(file)) throw config_error(requested.string() + ": plugin file not found");
    registry& r = the_registry();
    std::lock_guard lock(r.mutex);
    for (const auto& p : r.plugins)
        if (p.file == file) return p;
    spdlog::debug("loading plugin {}", file.string()); // tests see from this what a run loaded
    boost::dll::shared_library lib;
    boost::dll::fs::error_code load_error;
    dlerror();
    lib.load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, load_error);
    if (load_error || !lib.is_loaded()) throw config_error(load_failure(file));
    loaded_plugin p = inspect(file, lib);
    r.libraries.push_back(std::move(lib));
    r.plugins.push_back(std::move(p));
    return r.plugins.back();
}

std::vector<fs::path> plugin_search_path(const std::vector<fs::path>& from_manifest, const fs::path& installed_dir) {
    std::vector<fs::path> dirs = from_manifest;
    if (const char* env = std::getenv("EVO_PLUGIN_PATH"); env && *env) {
        std::string_view rest(env);
        while (!rest.empty()) {
            auto colon = rest.find(':');
            auto dir = rest.substr(0, colon);
            if (!dir.empty()) dirs.emplace_back(dir);
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        }
    }
    dirs.push_back(installed_dir);
    return dirs;
}

fs::path find_plugin_file(const std::string& name, const std::vector<fs::path>& search_path) {
    const std::string file = "evo-" + name + ".so";
    std::string searched;
    for (const auto& dir : search_path) {
        std::error_code ec;
        if (fs::is_regular_file(dir / file, ec)) return dir / file;
        searched += (searched.empty() ? "" : ", ") + dir.string();
    }
    throw config_error("plugin '" + name + "' not found: no " + file + " in " + searched);
}

std::vector<fs::path> list_plugin_files(const std::vector<fs::path>& search_path) {
    std::vector<fs::path> files;
    std::set<std::string> seen;
    for (const auto& dir : search_path) {
        std::error_code ec;
        std::vector<fs::path> here;
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            std::string name = entry.path().filename().string();
            if (name.starts_with("evo-") && name.ends_with(".so") && seen.insert(name).second)
                here.push_back(entry.path());
        }
        std::sort(here.begin(), here.end());
        files.insert(files.end(), here.begin(), here.end());
    }
    return files;
}

} // namespace evo::host
