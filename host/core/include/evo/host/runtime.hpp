// The composed plugins of one manifest and the services the host gives them.
#pragma once

#include <evo/host/language_map.hpp>
#include <evo/host/manifest.hpp>
#include <evo/host/plugin_instance.hpp>

#include <boost/json/object.hpp>

#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

struct installation {
    std::filesystem::path plugin_dir; // lib/evo/plugins beside the evo binary
    std::filesystem::path host_lib_dir; // lib/evo: modules the host loads on demand
    std::filesystem::path data_dir;   // share/evo beside the evo binary
};

// Where the running evo is installed (or built: the build tree has the same layout).
installation locate_installation();

struct finding_record {
    std::string layer; // the validator instance ID
    std::string rule_id;
    int severity = EVO_SEVERITY_MEDIUM;
    int confidence = EVO_SEVERITY_HIGH;
    std::string file;
    unsigned line = 0, column = 0;
    std::string message, fix_hint, external_id;
};

struct completion_result {
    evo_status status = EVO_OK;
    std::string error;    // set when status != EVO_OK
    std::string provider; // the instance that answered (or failed last)
    uint64_t prompt_tokens = 0, completion_tokens = 0;
    bool truncated = false;
    std::string model;
};

struct validator_verdict {
    enum class result { not_applicable, judged, failed };
    // not_applicable: it does not judge this language, or said so (EVO_NOT_APPLICABLE: a test
    // runner given no tests); either way it did not judge the source, which is not a pass.
    result outcome = result::not_applicable;
    // failed: the validator's status and message. EVO_ERR_FORBIDDEN when a provider it consulted
    // was refused by the host's network policy, whatever the validator made of that.
    evo_status status = EVO_OK;
    std::string error;
};

// One layer of the pipeline's cache in an operation on the cache as a whole (evo cache).
struct cache_layer_report {
    std::string id;     // the instance
    std::string plugin; // its plugin's name
    enum class result { done, unsupported, failed };
    // unsupported: the plugin lacks the function (stats is optional; clear and gc came with
    // ABI 1.2, so an older plugin has neither) or says it does not support it.
    result outcome = result::done;
    std::string problem;       // when not done: one line naming the layer and what went wrong
    evo_cache_stats stats{};   // cache_stats, when done
    uint64_t removed = 0;      // cache_gc, when done: how many entries went
};

// When the plugins' create() runs: for every instance as the runtime is composed, or for each
// instance at its first call (what a run answered from a cache wants: it calls the cache
// alone). on_first_use also takes what loading a plugin and checking an instance's
// configuration established from the identity memo when that plugin file and configuration
// passed before: the plugin is then loaded (dlopen) at its first call only.
enum class instance_creation { up_front, on_first_use };

class runtime {
public:
    // Loads, configures and (up_front) creates every instance of the manifest; throws
    // config_error naming the manifest position of the first problem.
    runtime(manifest m, const installation& where, instance_creation when = instance_creation::up_front);
    ~runtime();
    runtime(const runtime&) = delete;
    runtime& operator=(const runtime&) = delete;

    // Creates every instance not created yet, in manifest order: before real work, so that a
    // plugin refusing its configuration is a config_error then, not a failure mid-run.
    void create_instances();

    const manifest& config() const noexcept { return manifest_; }
    const std::vector<std::filesystem::path>& search_path() const noexcept { return search_path_; }
    plugin_instance* find(std::string_view id) const noexcept;
    std::vector<const plugin_instance*> instances() const;
    // The languages the pipeline's validators declare: names, aliases, extensions, shebangs.
    const language_map& languages() const noexcept { return languages_; }
    // Instance `id`'s configuration as its plugin received it: schema-checked, paths absolute.
    const boost::json::object& resolved_config(std::string_view id) const;
    // Everything about instance `id` that can change its answers, as JSON text for the cache
    // key: plugin name and version, resolved configuration with each file it names replaced
    // by a hash of its content (so the same files in two directories give the same text), and
    // a validator's identity() (its tools' versions). Computed once per instance.
    std::string fingerprint(std::string_view id) const;

    // `text` with every secret of the instances' configurations (API keys, tokens, passwords,
    // and what came from such environment variables) replaced by "[redacted]" (secrets.hpp):
    // for errors, plugin log lines and the attempt log.
    std::string redact(std::string text) const;

    // Provider `id` completes `request_json`, streaming text to on_text; its error redacted.
    completion_result complete(std::string_view id, const evo_call* call, std::string_view request_json,
                               const std::function<bool(std::string_view)>& on_text);
    // Validator `id` judges one source, adding its findings. What a failure of the validator
    // itself means is the caller's to decide (the pipeline rejects, evo validate errs).
    // `tests`: tests generated with the code (evo_source.tests), for validators that run them.
    validator_verdict validate(std::string_view id, const evo_call* call, std::string_view text,
                               std::string_view language, std::string_view path,
                               std::vector<finding_record>& findings, std::string_view tests = {});
    bool judges(std::string_view id, std::string_view language) const;
    // Validator `id` runs the tests that come with a source (EVO_FLAG_RUNS_TESTS).
    bool runs_tests(std::string_view id) const;
    // The contract of a command in `language` (a name or an alias), as the first validator of
    // the pipeline that runs tests declared it; nullptr when none did.
    const evo::host::command_language* command_language(std::string_view language) const;

    // The pipeline's cache, its layers asked front to back; nullopt on a miss or when there is
    // none. A hit in a deeper layer is copied into every layer in front of it (with their
    // default TTL). A layer that fails reads as a miss (with a warning).
    std::optional<std::string> cache_get(std::string_view key);
    // Writes every layer; one that fails or is away does not keep the value from the others.
    void cache_put(std::string_view key, std::string_view value, uint32_t ttl_seconds = 0);
    // The pipeline's cache as a whole (evo cache): one report per layer, front first. Every
    // layer is asked, whatever the others answered; a layer that cannot do it says so in its
    // report. Each throws config_error only when the manifest names no cache.
    std::vector<cache_layer_report> cache_stats();
    std::vector<cache_layer_report> cache_clear();
    std::vector<cache_layer_report> cache_gc();

    // A batch's remote form, for a scheduler that runs tasks in other processes (evo worker):
    // task `index` as JSON text (docs/distributed.md; nullopt: there is nothing to run, e.g.
    // a file that cannot be read: describe_task says EVO_ERR_NOT_FOUND), and the host taking
    // the result a worker wrote for it (EVO_ERR_PROTOCOL: unreadable). Either may throw: the
    // task then fails.
    struct remote_form {
        std::function<std::optional<std::string>(uint64_t)> describe;
        std::function<evo_status(uint64_t, std::string_view)> accept;
    };

    // Runs count tasks through the pipeline's scheduler (inline when there is none). With a
    // remote form the scheduler may run a task elsewhere instead of calling `task`.
    void schedule(const evo_call* call, uint64_t count, uint32_t max_concurrency,
                  const std::function<evo_status(uint64_t)>& task,
                  const std::function<void(uint64_t, evo_status)>& done,
                  const remote_form* remote = nullptr);

    // The pipeline's scheduler, when it can serve tasks other processes described (ABI 1.3
    // serve); empty when there is none or it runs tasks only in the calling process.
    std::string serving_scheduler() const;
    // Serves tasks through that scheduler until call is cancelled: `run_described` turns a
    // task's description into its result text, from up to `concurrency` threads at once, and
    // must not throw. Throws runtime_error when the scheduler fails.
    void serve(const evo_call* call, uint32_t concurrency,
               const std::function<std::string(std::string_view)>& run_described);

    struct binding; // one plugin instance's evo_host_api (src/services.hpp)

private:
    void create_instance(const instance_config& inst, instance_creation when);
    plugin_instance& require(std::string_view id, int32_t kind) const;
    // The pipeline's cache layers, for a command about the cache itself: config_error when none.
    std::vector<plugin_instance*> require_cache() const;

    manifest manifest_;
    std::vector<std::filesystem::path> search_path_;
    std::deque<std::unique_ptr<binding>> bindings_;
    std::deque<std::unique_ptr<plugin_instance>> instances_;
    language_map languages_;
    std::map<std::string, boost::json::object, std::less<>> resolved_configs_;
    std::vector<std::string> secrets_; // of every resolved configuration, longest first
    mutable std::mutex fingerprints_mutex_;
    mutable std::map<std::string, std::string, std::less<>> fingerprints_;
};

} // namespace evo::host
