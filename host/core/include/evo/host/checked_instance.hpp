// What loading a plugin and checking an instance's configuration established, remembered in the
// identity memo so that a run answered from a cache (evo gen) need not dlopen a plugin it never
// calls nor check a configuration that passed before (docs/manifest.md, "The identity memo").
#pragma once

#include <evo/host/identity_memo.hpp>
#include <evo/host/manifest.hpp>
#include <evo/host/plugin_loader.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace evo::host {

// What a run needs to know of a plugin without calling it: read from its descriptor at load.
struct plugin_facts {
    std::filesystem::path file;
    std::string name, version, abi;
    int32_t kind = 0;
    uint32_t flags = 0;
    std::optional<std::string> config_schema;      // none: the plugin takes no configuration
    std::vector<declared_language> languages;      // validators
    bool identity = false, identity_files = false; // validators: which optional functions it has
};

plugin_facts facts_of(const loaded_plugin& plugin);
bool same_facts(const plugin_facts& a, const plugin_facts& b);

// One instance whose configuration passed its plugin's schema: the plugin's facts and the
// configuration as the plugin receives it (paths resolved).
struct checked_instance {
    plugin_facts facts;
    boost::json::object config;
};

// The memo's key of an instance: its plugin file (path and stamp), the exact text of its
// configuration and the directory its relative paths are resolved against.
std::string checked_instance_key(const std::filesystem::path& plugin_file,
                                 const instance_config& inst);

std::optional<checked_instance> find_checked_instance(identity_memo& memo, const std::string& key);
void remember_checked_instance(identity_memo& memo, const std::string& key,
                               const checked_instance& checked);

// JSON text of a checked instance and back (nullopt for text that is not one); for the memo.
std::string checked_instance_text(const checked_instance& checked);
std::optional<checked_instance> checked_instance_from(const std::string& text);

// The directory an instance's relative paths are resolved against: its manifest's, else the
// working directory.
std::filesystem::path config_base(const instance_config& inst);

} // namespace evo::host
