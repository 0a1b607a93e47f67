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
#include <optional>
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
    return p;
}

// The checks of a descriptor that loaded: each problem is independent of the others, so all
// are collected (evo plugins inspect names them all at once).
std::vector<std::string> descriptor_problems(loaded_plugin& p) {
    std::vector<std::string> problems;
    const auto* d = &p.descriptor;
    const std::string file = p.file.string();
    if (auto missing = missing_functions(p); !missing.empty())
        problems.push_back(file + ": " + kind_name(d->kind) + " plugin '" + (d->name ? d->name : "?") +
                           "' lacks required functions: " + missing);
    if (d->kind == EVO_KIND_VALIDATOR) {
        try {
            p.languages = declared_languages(p.api.validator);
            p.rules = declared_rules(p.api.validator);
        } catch (const std::invalid_argument& e) {
            problems.push_back(file + ": validator plugin '" + (d->name ? d->name : "?") + "' " + e.what());
        }
    }
    return problems;
}

// What a manifest asks for when it names plugin NAME: a file evo-NAME.so declaring NAME.
std::optional<std::string> name_in_file_name(const fs::path& file) {
    std::string name = file.filename().string();
    if (!name.starts_with("evo-") || !name.ends_with(".so") || name.size() <= 7) return std::nullopt;
    return name.substr(4, name.size() - 7);
}

// `requested`, not the file it resolves to: a link evo-NAME.so may point at any file.
std::optional<std::string> name_problem(const loaded_plugin& p, const fs::path& requested) {
    if (!p.descriptor.name || !*p.descriptor.name) return std::nullopt; // already "lacks ... name"
    const auto expected = name_in_file_name(requested);
    if (!expected)
        return p.file.string() + ": not named evo-" + p.name() + ".so after the name it declares ('" + p.name() +
               "'), so the loader would never find it";
    if (p.name() != *expected)
        return p.file.string() + " calls itself '" + p.name() + "', expected '" + *expected + "'";
    return std::nullopt;
}

// Loads `requested` (once per process) and applies every check; a plugin with a problem is not
// kept. Each problem is one line naming the file.
const loaded_plugin* load_checked(const fs::path& requested, bool check_name, std::vector<std::string>& problems) {
    std::error_code ec;
    fs::path file = fs::weakly_canonical(requested, ec);
    if (ec || !fs::is_regular_file(file)) {
        problems.push_back(requested.string() + ": plugin file not found");
        return nullptr;
    }
    registry& r = the_registry();
    std::lock_guard lock(r.mutex);
    const loaded_plugin* found = nullptr;
    for (const auto& p : r.plugins)
        if (p.file == file) found = &p;
    // A plugin refused for its descriptor is still named below, while its library (where its
    // name lives) is loaded; at return the library goes unless the registry keeps it.
    boost::dll::shared_library lib;
    loaded_plugin loaded;
    if (!found) {
        spdlog::debug("loading plugin {}", file.string()); // tests see from this what a run loaded
        boost::dll::fs::error_code load_error;
        dlerror();
        lib.load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, load_error);
        if (load_error || !lib.is_loaded()) {
            problems.push_back(load_failure(file));
            return nullptr;
        }
        try {
            loaded = inspect(file, lib);
        } catch (const config_error& e) {
            problems.push_back(e.what());
            return nullptr;
        }
        auto more = descriptor_problems(loaded);
        problems.insert(problems.end(), more.begin(), more.end());
        if (more.empty()) {
            r.libraries.push_back(std::move(lib));
            r.plugins.push_back(std::move(loaded));
            found = &r.plugins.back();
        }
    }
    if (check_name)
        if (auto wrong = name_problem(found ? *found : loaded, requested)) problems.push_back(*wrong);
    return found;
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
    std::vector<std::string> problems;
    const loaded_plugin* p = load_checked(requested, false, problems);
    if (!problems.empty()) throw config_error(problems.front());
    return *p;
}

plugin_check check_plugin_file(const fs::path& file) {
    plugin_check out;
    out.plugin = load_checked(file, true, out.problems);
    if (!out.problems.empty()) out.plugin = nullptr;
    return out;
}

const loaded_plugin& load_checked_plugin(const fs::path& file) {
    plugin_check c = check_plugin_file(file);
    if (!c.problems.empty()) throw config_error(c.problems.front());
    return *c.plugin;
}

std::optional<fs::path> user_plugin_dir() {
    const char* data = std::getenv("XDG_DATA_HOME");
    if (data && *data && fs::path(data).is_absolute()) return fs::path(data) / "evo/plugins";
    const char* home = std::getenv("HOME");
    if (home && *home) return fs::path(home) / ".local/share/evo/plugins";
    return std::nullopt;
}

std::vector<plugin_dir> plugin_search_dirs(const std::vector<fs::path>& from_manifest, const fs::path& installed_dir) {
    std::vector<plugin_dir> dirs;
    for (const auto& dir : from_manifest) dirs.push_back({dir, "plugin_path"});
    if (const char* env = std::getenv("EVO_PLUGIN_PATH"); env && *env) {
        std::string_view rest(env);
        while (!rest.empty()) {
            auto colon = rest.find(':');
            auto dir = rest.substr(0, colon);
            if (!dir.empty()) dirs.push_back({fs::path(dir), "EVO_PLUGIN_PATH"});
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        }
    }
    // The user's own directory, trusted as the installation is (only the user writes it),
    // and searched before it so that a plugin the user installed overrides a shipped one.
    if (auto user = user_plugin_dir()) dirs.push_back({*user, "user"});
    dirs.push_back({installed_dir, "installation"});
    return dirs;
}

std::vector<fs::path> plugin_search_path(const std::vector<fs::path>& from_manifest, const fs::path& installed_dir) {
    std::vector<fs::path> dirs;
    for (auto& d : plugin_search_dirs(from_manifest, installed_dir)) dirs.push_back(std::move(d.dir));
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
