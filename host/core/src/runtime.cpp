#include <evo/host/runtime.hpp>

#include "abi_guard.hpp"
#include "declared_struct.hpp"
#include "secrets.hpp"
#include "services.hpp"

#include <evo/host/call.hpp>
#include <evo/host/checked_instance.hpp>
#include <evo/host/identity_memo.hpp>
#include <evo/host/json_schema.hpp>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <utility>

namespace evo::host {
namespace {

// A provider's refusal by the network policy, noted where runtime::complete sees it, so that a
// validator which consulted that provider cannot turn it into a finding of its own.
thread_local std::optional<std::string> policy_refusal_in_this_thread;

namespace fs = std::filesystem;
namespace json = boost::json;

std::string where(const instance_config& inst) { return inst.where.str() + ": [plugins." + inst.id + "]"; }

json::value parse_schema(const loaded_plugin& plugin, const instance_config& inst) {
    try {
        return json::parse(plugin.descriptor.config_schema);
    } catch (const std::exception& e) {
        throw config_error(where(inst) + ": plugin '" + plugin.name() + "' ships an invalid config schema: " + e.what());
    }
}

// Validates the instance's config against the plugin's schema; resolves "format": "path".
json::object checked_config(const loaded_plugin& plugin, const instance_config& inst) {
    json::value config = inst.config;
    if (!plugin.descriptor.config_schema) {
        if (!inst.config.empty()) {
            auto first = inst.config.begin()->key();
            throw config_error(inst.location_of({std::string(first)}),
                               "[plugins." + inst.id + "] unknown key '" + std::string(first) + "' (plugin '" +
                                   plugin.name() + "' takes no configuration)");
        }
        return {};
    }
    json::value schema = parse_schema(plugin, inst);
    normalise_numbers(config); // the plugin gets the integer its schema accepted (3.0 -> 3)
    std::vector<schema_error> errors;
    try {
        errors = validate_schema(config, schema);
    } catch (const invalid_schema& e) {
        throw config_error(where(inst) + ": plugin '" + plugin.name() + "' ships a config schema evo cannot use: " +
                           e.what());
    }
    if (!errors.empty()) {
        const auto& e = errors.front();
        std::string key;
        for (const auto& part : e.path) key += (key.empty() ? "" : ".") + part;
        throw config_error(inst.location_of(e.path),
                           "[plugins." + inst.id + "]" + (key.empty() ? "" : " " + key) + ": " + e.message);
    }
    const fs::path base = config_base(inst);
    resolve_schema_paths(config, schema, [&](const std::string& p) {
        return fs::path(p).is_absolute() ? p : (base / p).lexically_normal().string();
    });
    return config.as_object();
}

// --- callbacks handed to plugins: plain functions, wrapped by abi_guarded where handed out ---

using text_fn = std::function<bool(std::string_view)>;

evo_status forward_text(void* ctx, evo_str chunk) {
    return (*static_cast<const text_fn*>(ctx))({chunk.data, chunk.size}) ? EVO_OK : EVO_ERR_STOPPED;
}

evo_status keep_value(void* ctx, evo_str chunk) {
    static_cast<std::string*>(ctx)->assign(chunk.data, chunk.size);
    return EVO_OK;
}

struct finding_collector {
    std::vector<finding_record>& out;
    std::string layer, file;
};

evo_status collect_finding(void* ctx, const evo_finding* raw) {
    if (!raw) return EVO_ERR_INVALID_ARGUMENT;
    auto& c = *static_cast<finding_collector*>(ctx);
    evo_finding f = read_declared<evo_finding>(raw);
    auto str = [](evo_str v) { return std::string(v.data ? v.data : "", v.size); };
    c.out.push_back({c.layer, str(f.rule_id), f.severity, f.confidence, c.file, f.line, f.column, str(f.message),
                     str(f.fix_hint), str(f.external_id)});
    return EVO_OK;
}

struct batch_tasks {
    const std::function<evo_status(uint64_t)>& task;
    const std::function<void(uint64_t, evo_status)>& done;
    const runtime::remote_form* remote;
};

evo_status run_batch_task(void* ctx, uint64_t index) { return static_cast<batch_tasks*>(ctx)->task(index); }

void complete_batch_task(void* ctx, uint64_t index, evo_status status) {
    static_cast<batch_tasks*>(ctx)->done(index, status);
}

evo_status write_text(evo_write_fn out, void* out_ctx, std::string_view text) {
    return out(out_ctx, evo_str{text.data(), text.size()});
}

evo_status describe_batch_task(void* ctx, uint64_t index, evo_write_fn out, void* out_ctx) {
    if (!out) return EVO_ERR_INVALID_ARGUMENT;
    auto task = static_cast<batch_tasks*>(ctx)->remote->describe(index);
    return task ? write_text(out, out_ctx, *task) : EVO_ERR_NOT_FOUND;
}

evo_status accept_batch_result(void* ctx, uint64_t index, evo_str result) {
    return static_cast<batch_tasks*>(ctx)->remote->accept(index, std::string_view(result.data, result.size));
}

using described_runner = std::function<std::string(std::string_view)>;

evo_status run_described_task(void* ctx, evo_str task, evo_write_fn out, void* out_ctx) {
    if (!out) return EVO_ERR_INVALID_ARGUMENT;
    const auto& run = *static_cast<const described_runner*>(ctx);
    return write_text(out, out_ctx, run(std::string_view(task.data, task.size)));
}

} // namespace

installation locate_installation() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    fs::path prefix = exe.parent_path().parent_path();
    return {prefix / EVO_INSTALL_PLUGINDIR_REL, prefix / EVO_INSTALL_HOSTLIBDIR_REL, prefix / EVO_INSTALL_DATADIR_REL};
}

runtime::runtime(manifest m, const installation& where, instance_creation when)
    : manifest_(std::move(m)), search_path_(plugin_search_path(manifest_.plugin_path, where.plugin_dir)) {
    collect_environment_secrets(secrets_);
    for (const auto& inst : manifest_.instances) {
        create_instance(inst, when);
        if (when == instance_creation::up_front) instances_.back()->create();
    }
    auto expect = [&](const std::string& id, int32_t kind, const char* role) {
        if (id.empty()) return;
        plugin_instance& p = *find(id);
        if (p.kind() != kind)
            throw config_error(manifest_.pipeline.where, "[pipeline] " + std::string(role) + " '" + id + "' is a " +
                                                             kind_name(p.kind()) + " plugin, not a " + kind_name(kind));
    };
    for (const auto& id : manifest_.pipeline.providers) expect(id, EVO_KIND_PROVIDER, "provider");
    for (const auto& id : manifest_.pipeline.validators) {
        expect(id, EVO_KIND_VALIDATOR, "validators");
        languages_.add(find(id)->facts().languages, runs_tests(id));
    }
    const auto& pipeline = manifest_.pipeline;
    for (std::size_t i = 0; i < pipeline.cache.size(); ++i) {
        plugin_instance& p = *find(pipeline.cache[i]);
        if (p.kind() == EVO_KIND_CACHE) continue;
        // Named where the layer is written (the array may be long); a manifest put together in
        // code may not say, then [pipeline] is the place.
        const source_location& at = i < pipeline.cache_where.size() ? pipeline.cache_where[i] : pipeline.where;
        throw config_error(at, "[pipeline] cache '" + pipeline.cache[i] + "' is a " + kind_name(p.kind()) +
                                   " plugin, not a cache");
    }
    expect(manifest_.pipeline.scheduler, EVO_KIND_SCHEDULER, "scheduler");
}

runtime::~runtime() {
    // Destroy in reverse creation order: later instances may use earlier ones.
    while (!instances_.empty()) instances_.pop_back();
}

void runtime::create_instance(const instance_config& inst, instance_creation when) {
    fs::path file;
    try {
        file = find_plugin_file(inst.plugin, search_path_);
    } catch (const config_error& e) {
        throw config_error(where(inst) + ": " + e.what());
    }
    // May this run take the instance from the memo: the plugin's facts and the configuration
    // it accepted, without loading the plugin or checking the configuration? Only when the
    // instances are created on first use (evo gen, where a cache hit calls the cache alone),
    // and only for the same plugin file and the exact configuration text that passed before.
    // Everything else (evo manifest check first of all) loads every plugin and checks every
    // configuration. The plugin itself is then loaded when something calls it.
    const bool from_memo = when == instance_creation::on_first_use;
    const std::string key = from_memo ? checked_instance_key(file, inst) : std::string();
    std::optional<checked_instance> checked = from_memo ? find_checked_instance(process_identity_memo(), key)
                                                        : std::nullopt;
    const loaded_plugin* plugin = nullptr;
    if (checked) {
        spdlog::debug("[plugins.{}]: {} and its configuration as checked before (identity memo)", inst.id,
                      checked->facts.file.string());
    } else {
        // The checks evo plugins inspect and install apply: the file evo-NAME.so (found for
        // inst.plugin) must declare NAME.
        try {
            plugin = &load_checked_plugin(file);
        } catch (const config_error& e) {
            throw config_error(where(inst) + ": " + e.what());
        }
        checked = checked_instance{facts_of(*plugin), checked_config(*plugin, inst)};
        if (from_memo) remember_checked_instance(process_identity_memo(), key, *checked);
    }
    resolved_configs_[inst.id] = checked->config;
    collect_secrets(checked->config, secrets_);
    bindings_.push_back(std::make_unique<binding>(this, inst.id));
    instances_.push_back(std::make_unique<plugin_instance>(checked->facts, plugin, inst.id, &bindings_.back()->api,
                                                           json::serialize(checked->config), where(inst)));
    spdlog::debug("configured [plugins.{}] from {} {} ({})", inst.id, checked->facts.name,
                  checked->facts.version, checked->facts.file.string());
}

void runtime::create_instances() {
    for (const auto& p : instances_) p->create();
}

plugin_instance* runtime::find(std::string_view id) const noexcept {
    for (const auto& p : instances_)
        if (p->id() == id) return p.get();
    return nullptr;
}

std::vector<const plugin_instance*> runtime::instances() const {
    std::vector<const plugin_instance*> out;
    for (const auto& p : instances_) out.push_back(p.get());
    return out;
}

plugin_instance& runtime::require(std::string_view id, int32_t kind) const {
    plugin_instance* p = find(id);
    if (!p || p->kind() != kind)
        throw runtime_error("no " + std::string(kind_name(kind)) + " instance '" + std::string(id) + "'");
    return *p;
}

namespace {

// A call that failed reports no model; the attempt still names the one it asked for: the
// instance's `model` key (the convention every shipped provider follows), else the request's.
std::string model_asked_for(const boost::json::object& config, std::string_view request_json) {
    if (const auto* m = config.if_contains("model"); m && m->is_string() && !m->as_string().empty())
        return std::string(m->as_string());
    boost::system::error_code ec;
    boost::json::value request = boost::json::parse(request_json, ec);
    if (ec || !request.is_object()) return {};
    const auto* m = request.as_object().if_contains("model");
    return m && m->is_string() ? std::string(m->as_string()) : std::string();
}

} // namespace

completion_result runtime::complete(std::string_view id, const evo_call* call, std::string_view request_json,
                                    const std::function<bool(std::string_view)>& on_text) {
    plugin_instance& p = require(id, EVO_KIND_PROVIDER);
    completion_result result;
    result.provider = std::string(id);
    evo_completion_info info{};
    info.struct_size = sizeof info;
    result.status = p.call(
        [&](evo_instance* h) {
            return p.api().provider.complete(h, call, {request_json.data(), request_json.size()},
                                             abi_guarded<forward_text>, const_cast<text_fn*>(&on_text), &info);
        },
        &result.error);
    result.error = redact(std::move(result.error));
    if (result.status == EVO_ERR_FORBIDDEN) policy_refusal_in_this_thread = result.error;
    result.prompt_tokens = info.prompt_tokens;
    result.completion_tokens = info.completion_tokens;
    result.truncated = info.truncated != 0;
    if (info.model.data) result.model.assign(info.model.data, info.model.size);
    if (result.model.empty()) result.model = model_asked_for(resolved_config(id), request_json);
    return result;
}

std::string runtime::redact(std::string text) const {
    return redact_secrets(std::move(text), secrets_);
}

bool runtime::judges(std::string_view id, std::string_view language) const {
    const auto& declared = require(id, EVO_KIND_VALIDATOR).facts().languages;
    return std::any_of(declared.begin(), declared.end(), [&](const auto& l) { return l.name == language; });
}

const evo::host::command_language* runtime::command_language(std::string_view language) const {
    return languages_.command(language);
}

bool runtime::runs_tests(std::string_view id) const {
    return (require(id, EVO_KIND_VALIDATOR).facts().flags & EVO_FLAG_RUNS_TESTS) != 0;
}

validator_verdict runtime::validate(std::string_view id, const evo_call* call, std::string_view text,
                                     std::string_view language, std::string_view path,
                                     std::vector<finding_record>& findings, std::string_view tests) {
    validator_verdict verdict;
    if (!judges(id, language)) return verdict;
    plugin_instance& p = require(id, EVO_KIND_VALIDATOR);
    evo_source source{};
    source.struct_size = sizeof source;
    source.text = {text.data(), text.size()};
    source.language = {language.data(), language.size()};
    source.path = {path.data(), path.size()};
    source.tests = {tests.data(), tests.size()};
    const std::size_t findings_before = findings.size();
    finding_collector ctx{findings, std::string(id), std::string(path)};
    policy_refusal_in_this_thread.reset(); // validators consult providers in the calling thread
    verdict.status = p.call(
        [&](evo_instance* h) {
            return p.api().validator.validate(h, call, &source, abi_guarded<collect_finding>, &ctx);
        },
        &verdict.error);
    if (policy_refusal_in_this_thread) {
        verdict.status = EVO_ERR_FORBIDDEN;
        verdict.error = *std::exchange(policy_refusal_in_this_thread, std::nullopt);
    }
    if (verdict.status == EVO_NOT_APPLICABLE) {
        // Not judged: whatever it reported on the way counts for nothing. Any plugin may
        // answer it: no older status had this value. Its message, if any, says why.
        findings.resize(findings_before);
        verdict.status = EVO_OK;
        return verdict;
    }
    verdict.outcome = verdict.status == EVO_OK ? validator_verdict::result::judged
                                               : validator_verdict::result::failed;
    return verdict;
}

// --- the cache: its layers, front first ---------------------------------------------------------

namespace {

// A cache function a plugin does not have (NULL) or says it does not support.
std::string unsupported(const plugin_instance& p, const char* what) {
    return "cache '" + p.id() + "' (plugin " + p.facts().name + ") does not support " + what;
}

// One layer's part in an operation on the whole cache: done, unsupported or failed.
cache_layer_report layer_report(const plugin_instance& p, const char* what, bool supported, evo_status s,
                                const std::string& error) {
    cache_layer_report r;
    r.id = p.id();
    r.plugin = p.facts().name;
    if (!supported || s == EVO_ERR_UNSUPPORTED) {
        r.outcome = cache_layer_report::result::unsupported;
        r.problem = unsupported(p, what);
    } else if (s != EVO_OK) {
        r.outcome = cache_layer_report::result::failed;
        r.problem = "cache '" + p.id() + "' " + what + " failed: " + one_line(error);
    }
    return r;
}

evo_status get_from(plugin_instance& p, std::string_view key, std::string& value) {
    std::string error;
    evo_status s = p.call(
        [&](evo_instance* h) { return p.api().cache.get(h, {key.data(), key.size()}, abi_guarded<keep_value>, &value); },
        &error);
    if (s != EVO_OK && s != EVO_ERR_NOT_FOUND) spdlog::warn("cache '{}' get failed: {}", p.id(), error);
    return s;
}

void put_into(plugin_instance& p, std::string_view key, std::string_view value, uint32_t ttl_seconds) {
    std::string error;
    evo_status s = p.call(
        [&](evo_instance* h) {
            return p.api().cache.put(h, {key.data(), key.size()}, {value.data(), value.size()}, ttl_seconds);
        },
        &error);
    // A cache that is away (EVO_ERR_UNAVAILABLE: a server gone, a database that cannot be
    // used) warned once itself; repeating it at every put would bury the run's output.
    if (s == EVO_ERR_UNAVAILABLE)
        spdlog::debug("cache '{}' put failed: {}", p.id(), error);
    else if (s != EVO_OK)
        spdlog::warn("cache '{}' put failed: {}", p.id(), error);
}

} // namespace

std::optional<std::string> runtime::cache_get(std::string_view key) {
    const auto& layers = manifest_.pipeline.cache;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        std::string value;
        if (get_from(require(layers[i], EVO_KIND_CACHE), key, value) != EVO_OK) continue;
        // Found deeper down: the layers in front keep it too, with their own default TTL (the
        // deeper layer's remaining time is not known), so the next get stops sooner.
        for (std::size_t front = 0; front < i; ++front)
            put_into(require(layers[front], EVO_KIND_CACHE), key, value, 0);
        return value;
    }
    return std::nullopt;
}

void runtime::cache_put(std::string_view key, std::string_view value, uint32_t ttl_seconds) {
    // Every layer, whatever another did: one that is away must not keep the others empty.
    for (const auto& id : manifest_.pipeline.cache) put_into(require(id, EVO_KIND_CACHE), key, value, ttl_seconds);
}

std::vector<plugin_instance*> runtime::require_cache() const {
    if (manifest_.pipeline.cache.empty()) {
        source_location where = manifest_.pipeline.where;
        if (where.file.empty()) where.file = manifest_.file.string(); // no [pipeline] table
        throw config_error(where, "[pipeline] names no cache");
    }
    std::vector<plugin_instance*> layers;
    for (const auto& id : manifest_.pipeline.cache) layers.push_back(&require(id, EVO_KIND_CACHE));
    return layers;
}

// Asks every layer for one optional cache function: `present` says whether a layer's plugin has
// it, `ask` calls it and fills the layer's report. One report per layer, whatever the others do.
namespace {

template <class Present, class Ask>
std::vector<cache_layer_report> ask_each_layer(const std::vector<plugin_instance*>& layers,
                                               const char* what, Present present, Ask ask) {
    std::vector<cache_layer_report> reports;
    for (plugin_instance* p : layers) {
        cache_layer_report filled;
        filled.stats.struct_size = sizeof filled.stats;
        std::string error;
        const bool supported = present(p->api().cache);
        evo_status s = supported ? p->call([&](evo_instance* h) { return ask(*p, h, filled); }, &error) : EVO_OK;
        reports.push_back(layer_report(*p, what, supported, s, error));
        reports.back().stats = filled.stats;
        reports.back().removed = filled.removed;
    }
    return reports;
}

} // namespace

std::vector<cache_layer_report> runtime::cache_stats() {
    return ask_each_layer(
        require_cache(), "stats", [](const evo_cache_api& c) { return c.stats != nullptr; },
        [](plugin_instance& p, evo_instance* h, cache_layer_report& r) { return p.api().cache.stats(h, &r.stats); });
}

std::vector<cache_layer_report> runtime::cache_clear() {
    return ask_each_layer(
        require_cache(), "clear", [](const evo_cache_api& c) { return c.clear != nullptr; },
        [](plugin_instance& p, evo_instance* h, cache_layer_report&) { return p.api().cache.clear(h); });
}

std::vector<cache_layer_report> runtime::cache_gc() {
    return ask_each_layer(
        require_cache(), "gc", [](const evo_cache_api& c) { return c.gc != nullptr; },
        [](plugin_instance& p, evo_instance* h, cache_layer_report& r) {
            return p.api().cache.gc(h, &r.removed);
        });
}

void runtime::schedule(const evo_call* call, uint64_t count, uint32_t max_concurrency,
                       const std::function<evo_status(uint64_t)>& task,
                       const std::function<void(uint64_t, evo_status)>& done,
                       const remote_form* remote) {
    if (manifest_.pipeline.scheduler.empty()) {
        for (uint64_t i = 0; i < count; ++i) done(i, call_cancelled(call) ? EVO_ERR_CANCELLED : task(i));
        return;
    }
    plugin_instance& p = require(manifest_.pipeline.scheduler, EVO_KIND_SCHEDULER);
    batch_tasks ctx{task, done, remote};
    evo_task_batch batch{};
    batch.struct_size = sizeof batch;
    batch.task_count = count;
    batch.max_concurrency = max_concurrency;
    batch.batch_ctx = &ctx;
    batch.run_task = abi_guarded<run_batch_task>; // a task that throws fails with EVO_ERR_INTERNAL
    batch.on_complete = abi_guarded<complete_batch_task>;
    if (remote) { // a result the host cannot take (it threw) counts as unreadable
        batch.describe_task = abi_guarded<describe_batch_task>;
        batch.accept_result = abi_guarded<accept_batch_result, EVO_ERR_PROTOCOL>;
    }
    std::string error;
    evo_status s = p.call([&](evo_instance* h) { return p.api().scheduler.run(h, call, &batch); }, &error);
    if (s != EVO_OK && s != EVO_ERR_CANCELLED)
        throw runtime_error("scheduler '" + p.id() + "' failed: " + error);
}

std::string runtime::serving_scheduler() const {
    if (manifest_.pipeline.scheduler.empty()) return {};
    const plugin_instance& p = require(manifest_.pipeline.scheduler, EVO_KIND_SCHEDULER);
    return p.api().scheduler.serve ? p.id() : std::string();
}

void runtime::serve(const evo_call* call, uint32_t concurrency,
                    const std::function<std::string(std::string_view)>& run_described) {
    plugin_instance& p = require(manifest_.pipeline.scheduler, EVO_KIND_SCHEDULER);
    if (!p.api().scheduler.serve)
        throw config_error("scheduler '" + p.id() + "' cannot serve tasks to workers");
    const described_runner& runner = run_described;
    evo_task_worker worker{};
    worker.struct_size = sizeof worker;
    worker.concurrency = std::max<uint32_t>(concurrency, 1);
    worker.worker_ctx = const_cast<described_runner*>(&runner);
    worker.run_described = abi_guarded<run_described_task>;
    std::string error;
    evo_status s = p.call([&](evo_instance* h) { return p.api().scheduler.serve(h, call, &worker); }, &error);
    if (s != EVO_OK && s != EVO_ERR_CANCELLED)
        throw runtime_error("scheduler '" + p.id() + "' failed: " + error);
}

} // namespace evo::host
