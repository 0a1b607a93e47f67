// The TOML manifest: which plugins to load, how to configure them, how to compose them.
// See docs/manifest.md for every key.
#pragma once

#include <evo/host/rule_selection.hpp>

#include <evo/host/error.hpp>
#include <evo/plugin.h>

#include <boost/json/object.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace evo::host {

// What a pipeline does with a validator's findings.
enum class on_fail_policy { reject, repair, warn };

std::optional<on_fail_policy> parse_on_fail(std::string_view text);
// "info", "low", "medium", "high" -> evo_severity
std::optional<int> parse_severity(std::string_view text);
const char* severity_name(int severity);
const char* to_string(on_fail_policy policy);

// One [plugins.ID] table: an instance of a plugin with its configuration.
struct instance_config {
    std::string id;
    std::string plugin;                    // the plugin's name; the ID when `plugin` is absent
    std::optional<on_fail_policy> on_fail; // validators only; pipeline default when absent
    boost::json::object config;            // the table minus host keys, env-expanded
    source_location where;                 // the table's header
    // Where each config value was written, keyed by its path ("key", "key/0", "key/sub").
    std::map<std::string, source_location> locations;

    source_location location_of(const std::vector<std::string>& path) const;
};

struct pipeline_config {
    std::vector<std::string> providers; // first is primary, the rest are fallbacks
    std::vector<std::string> validators;
    // The cache's layers, front first: a get asks them in order, a put writes them all.
    // Empty: no cache.
    std::vector<std::string> cache;
    std::vector<source_location> cache_where; // where each layer is named, for errors
    std::string scheduler; // empty: inline execution by the host
    on_fail_policy on_fail = on_fail_policy::repair;
    int max_repairs = 2;
    int fail_on = EVO_SEVERITY_MEDIUM; // findings at or above this severity fail their layer
    bool cache_nonzero_temperature = false;
    // Code that no validator judged (its language is none of theirs) is "unvalidated": refused
    // unless this is set, and never cached either way.
    bool allow_unvalidated = false;
    // The validators of one piece of code run at once, each in its own thread; their findings
    // are still put together in manifest order, so the result equals a sequential run's.
    bool parallel_validators = false;
    // select = [...], ignore = [...]: which findings count (rule_selection.hpp).
    rule_selection selection;
    source_location where;
};

// Defaults of every request the pipeline sends to its provider.
struct request_defaults {
    std::string model = "default";
    double temperature = 0.0;
    int max_tokens = 2048;
    std::string language = "python";
};

struct manifest {
    std::filesystem::path file;
    std::vector<std::filesystem::path> plugin_path; // from the manifest, already absolute
    std::vector<instance_config> instances;         // in file order
    pipeline_config pipeline;
    request_defaults request;

    const instance_config* find(std::string_view id) const;
};

// Parses and checks a manifest; throws config_error naming file:line:col.
manifest load_manifest(const std::filesystem::path& file);
// The same for manifest text already in memory; `file` names it in errors and anchors
// relative paths.
manifest parse_manifest(std::string_view text, const std::filesystem::path& file);

// Where a manifest came from. Only one found in the working directory may belong to someone
// else (a repository being vetted), so only that one needs the user's trust (trust.hpp).
enum class manifest_origin { named, working_directory, user_config, installation };

struct manifest_location {
    std::filesystem::path path;
    manifest_origin origin = manifest_origin::named;
};

// The manifest used when none is given: ./evo.toml, $XDG_CONFIG_HOME/evo/manifest.toml
// (~/.config when unset), then share/evo/manifests/default.toml of the installation.
std::optional<manifest_location> find_default_manifest(const std::filesystem::path& data_dir);
std::optional<std::filesystem::path> default_manifest_path(const std::filesystem::path& data_dir);

// Expands ${VAR} and ${VAR:-default} from the environment; throws std::invalid_argument
// naming the variable when one is unset and has no default.
std::string expand_environment(std::string_view text);

} // namespace evo::host
