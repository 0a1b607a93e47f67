// Finding plugin files and loading their descriptors through the real dynamic loader.
// Loaded libraries stay loaded for the life of the process.
#pragma once

#include <evo/host/language_map.hpp>
#include <evo/host/rule_table.hpp>
#include <evo/plugin.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace evo::host {

// The host's copies of a plugin's kind function tables: zero-filled, then filled with as many
// bytes as the plugin declared, so fields a plugin predates read as NULL.
union kind_api {
    evo_provider_api provider;
    evo_validator_api validator;
    evo_cache_api cache;
    evo_scheduler_api scheduler;
};

struct loaded_plugin {
    std::filesystem::path file;
    evo_plugin_descriptor descriptor{}; // host copy; strings point into the loaded library
    kind_api api{};
    std::vector<declared_language> languages; // validators: what they judge, read at load
    std::vector<declared_rule> rules;         // validators: what they report (ABI 1.4), read at load

    std::string name() const { return descriptor.name; }
    std::string abi() const;
};

const char* kind_name(int32_t kind);

// Loads `file` and checks its descriptor: entry symbol, ABI major and minor, struct sizes,
// kind, required functions, a validator's languages and rule table. Throws config_error with a one-line reason naming the file.
// Loading the same file twice returns the same plugin.
const loaded_plugin& load_plugin(const std::filesystem::path& file);

// Every check a plugin file must pass before a manifest may use it, in one place so that the
// loader (runtime), `evo plugins inspect` and `evo plugins install` can never disagree: all that
// load_plugin checks, and that the file is named evo-NAME.so after the NAME it declares (a
// manifest finds plugin NAME by that file name). `plugin` is set when there is no problem;
// each problem is one line naming the file.
struct plugin_check {
    const loaded_plugin* plugin = nullptr;
    std::vector<std::string> problems;
};
plugin_check check_plugin_file(const std::filesystem::path& file);

// check_plugin_file, throwing config_error with the first problem.
const loaded_plugin& load_checked_plugin(const std::filesystem::path& file);

// The user's own plugin directory: $XDG_DATA_HOME/evo/plugins, ~/.local/share/evo/plugins when
// XDG_DATA_HOME is unset (or not absolute); none without HOME either. evo plugins install
// copies there.
std::optional<std::filesystem::path> user_plugin_dir();

struct plugin_dir {
    std::filesystem::path dir;
    const char* origin; // "plugin_path", "EVO_PLUGIN_PATH", "user" or "installation"
};

// Directories searched for plugins, in order: the manifest's plugin_path, $EVO_PLUGIN_PATH
// (colon-separated), the user's plugin directory, then the installation's plugin directory.
std::vector<plugin_dir> plugin_search_dirs(const std::vector<std::filesystem::path>& from_manifest,
                                           const std::filesystem::path& installed_dir);
// The same directories without their origins.
std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::filesystem::path>& from_manifest,
                                                      const std::filesystem::path& installed_dir);

// The file of plugin `name` (evo-NAME.so) in the search path; throws config_error listing the
// directories searched when there is none.
std::filesystem::path find_plugin_file(const std::string& name,
                                       const std::vector<std::filesystem::path>& search_path);

// Every evo-*.so file in the search path; a name found twice is listed once (first wins).
std::vector<std::filesystem::path> list_plugin_files(const std::vector<std::filesystem::path>& search_path);

} // namespace evo::host
