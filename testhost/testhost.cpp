// The fake host of <evo/testhost.hpp>: a plugin's own tests run it through the C ABI, as evo does.
#include <evo/testhost.hpp>

#include <dlfcn.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <iostream>
#include <mutex>

namespace evo::testhost {
namespace {

evo_str str(std::string_view s) noexcept {
    return {s.data(), s.size()};
}
std::string text(evo_str s) {
    return s.data ? std::string(s.data, s.size) : std::string();
}

const char* level_name(int32_t level) {
    switch (level) {
    case EVO_LOG_TRACE:
        return "trace";
    case EVO_LOG_DEBUG:
        return "debug";
    case EVO_LOG_INFO:
        return "info";
    case EVO_LOG_WARN:
        return "warning";
    default:
        return "error";
    }
}

// --- host services: enough for a plugin to run, nothing that reaches outside the test ---------

void log(void*, int32_t level, evo_str message) {
    static std::mutex lock;
    std::lock_guard hold(lock);
    std::cerr << "[testhost] " << level_name(level) << ": " << text(message) << '\n';
}
evo_status cache_get(void*, evo_str, evo_write_fn, void*) {
    return EVO_ERR_UNSUPPORTED;
}
evo_status cache_put(void*, evo_str, evo_str, uint32_t) {
    return EVO_ERR_UNSUPPORTED;
}
evo_status http(void*, const evo_call*, const evo_http_request*, int32_t* http_status,
                evo_header_fn, void*, evo_write_fn, void*) {
    if (http_status) *http_status = 0;
    return EVO_ERR_FORBIDDEN;
}
evo_status run_process(void*, const evo_call*, const evo_process_request*, evo_process_result*,
                       evo_write_fn, void*, evo_write_fn on_stderr, void* stderr_ctx) {
    if (on_stderr) on_stderr(stderr_ctx, str("the test host runs no programs"));
    return EVO_ERR_UNAVAILABLE;
}
evo_status complete(void*, const evo_call*, evo_str, evo_str, evo_write_fn, void*) {
    return EVO_ERR_NOT_FOUND;
}
evo_status sandbox_command(void*, const evo_str*, uint32_t, const evo_str*, uint32_t,
                           evo_write_fn out, void* out_ctx) {
    if (out) out(out_ctx, str("the test host has no sandbox"));
    return EVO_ERR_UNAVAILABLE;
}

const evo_host_api host_api{sizeof(evo_host_api),
                            EVO_ABI_VERSION_MAJOR,
                            EVO_ABI_VERSION_MINOR,
                            nullptr,
                            log,
                            cache_get,
                            cache_put,
                            http,
                            run_process,
                            complete,
                            sandbox_command};

int32_t never_cancelled(const evo_call*) {
    return 0;
}
const evo_call no_deadline{sizeof(evo_call), 0, never_cancelled, nullptr};

evo_status append(void* ctx, evo_str chunk) {
    static_cast<std::string*>(ctx)->append(chunk.data ? chunk.data : "", chunk.size);
    return EVO_OK;
}

// The kind's function table as the plugin declared it, zero beyond its struct_size.
template <class Api> Api declared(const void* table) {
    Api api{};
    std::memcpy(&api, table,
                std::min<std::size_t>(*static_cast<const uint32_t*>(table), sizeof api));
    return api;
}

const char* kind_name(int32_t kind) {
    switch (kind) {
    case EVO_KIND_PROVIDER:
        return "provider";
    case EVO_KIND_VALIDATOR:
        return "validator";
    case EVO_KIND_CACHE:
        return "cache";
    case EVO_KIND_SCHEDULER:
        return "scheduler";
    }
    return "unknown";
}

// The kind's function `fn`, which the plugin may have left NULL (the loader would refuse it).
template <class Fn> Fn required(Fn fn, const char* kind, const char* name) {
    if (!fn)
        throw error(EVO_ERR_UNSUPPORTED,
                    std::string("the ") + kind + " plugin has no " + name + " function");
    return fn;
}

} // namespace

plugin::plugin(const std::string& file, evo_kind kind) {
    const std::string base = file.substr(file.find_last_of('/') + 1);
    if (base.size() <= 7 || base.compare(0, 4, "evo-") != 0 ||
        base.compare(base.size() - 3, 3, ".so") != 0)
        throw error(EVO_ERR_INVALID_ARGUMENT,
                    file + ": not named evo-NAME.so, so evo would never find it");
    const std::string expected = base.substr(4, base.size() - 7);
    library_ = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library_) throw error(EVO_ERR_UNAVAILABLE, file + ": cannot be loaded: " + dlerror());
    auto fail = [&](const std::string& why) {
        dlclose(library_);
        throw error(EVO_ERR_INVALID_ARGUMENT, file + ": " + why);
    };
    auto entry = reinterpret_cast<evo_plugin_entry_fn>(dlsym(library_, EVO_PLUGIN_ENTRY_SYMBOL));
    if (!entry) fail("not an evo plugin (no " EVO_PLUGIN_ENTRY_SYMBOL " symbol)");
    descriptor_ = entry(EVO_ABI_VERSION_MAJOR, EVO_ABI_VERSION_MINOR);
    if (!descriptor_) fail("the plugin refused this host's ABI");
    const auto& d = *descriptor_;
    if (d.struct_size < offsetof(evo_plugin_descriptor, kind_api) + sizeof(void*))
        fail("descriptor is too small");
    if (d.abi_major != EVO_ABI_VERSION_MAJOR)
        fail("built for ABI major " + std::to_string(d.abi_major));
    if (d.abi_minor > EVO_ABI_VERSION_MINOR) fail("needs ABI 1." + std::to_string(d.abi_minor));
    if (!d.name || expected != d.name)
        fail("calls itself '" + std::string(d.name ? d.name : "") + "', expected '" + expected +
             "'");
    if (d.kind != kind)
        fail("is a " + std::string(kind_name(d.kind)) + " plugin, expected a " + kind_name(kind) +
             " plugin");
    if (!d.create || !d.destroy || !d.last_error || !d.kind_api)
        fail("lacks create, destroy, last_error or kind_api");
}

plugin::~plugin() {
    if (library_) dlclose(library_);
}

instance::instance(const plugin& p, const std::string& config_json) : plugin_(p) {
    std::string why;
    const evo_status s =
        p.descriptor().create(&host_api, str(config_json), &instance_, append, &why);
    if (s != EVO_OK || !instance_)
        throw error(s != EVO_OK ? s : EVO_ERR_INTERNAL,
                    std::string(p.descriptor().name) + ": create failed: " + why);
}

instance::~instance() {
    if (instance_) plugin_.descriptor().destroy(instance_);
}

void instance::fail(const char* what, evo_status status) const {
    const char* why = plugin_.descriptor().last_error(instance_);
    throw error(status, std::string(plugin_.descriptor().name) + ": " + what + " returned status " +
                            std::to_string(status) + ": " + (why ? why : ""));
}

std::vector<finding> instance::validate(std::string_view source_text, std::string_view language,
                                        std::string_view path) {
    const auto api = declared<evo_validator_api>(plugin_.descriptor().kind_api);
    evo_source source{};
    source.struct_size = sizeof source;
    source.text = str(source_text);
    source.language = str(language);
    source.path = str(path);
    std::vector<finding> found;
    auto collect = [](void* ctx, const evo_finding* f) -> evo_status {
        static_cast<std::vector<finding>*>(ctx)->push_back(
            {text(f->rule_id), f->severity, f->confidence, f->line, f->column, text(f->message),
             text(f->fix_hint), text(f->external_id)});
        return EVO_OK;
    };
    if (evo_status s = required(api.validate, "validator", "validate")(instance_, &no_deadline,
                                                                       &source, collect, &found);
        s != EVO_OK)
        fail("validate", s);
    return found;
}

std::string instance::complete(std::string_view request_json) {
    const auto api = declared<evo_provider_api>(plugin_.descriptor().kind_api);
    std::string answer;
    evo_completion_info info{};
    info.struct_size = sizeof info;
    if (evo_status s = required(api.complete, "provider", "complete")(
            instance_, &no_deadline, str(request_json), append, &answer, &info);
        s != EVO_OK)
        fail("complete", s);
    return answer;
}

std::optional<std::string> instance::get(std::string_view key) {
    const auto api = declared<evo_cache_api>(plugin_.descriptor().kind_api);
    std::string value;
    const evo_status s = required(api.get, "cache", "get")(instance_, str(key), append, &value);
    if (s == EVO_ERR_NOT_FOUND) return std::nullopt;
    if (s != EVO_OK) fail("get", s);
    return value;
}

void instance::put(std::string_view key, std::string_view value, uint32_t ttl_seconds) {
    const auto api = declared<evo_cache_api>(plugin_.descriptor().kind_api);
    if (evo_status s =
            required(api.put, "cache", "put")(instance_, str(key), str(value), ttl_seconds);
        s != EVO_OK)
        fail("put", s);
}

bool instance::erase(std::string_view key) {
    const auto api = declared<evo_cache_api>(plugin_.descriptor().kind_api);
    const evo_status s = required(api.erase, "cache", "erase")(instance_, str(key));
    if (s == EVO_ERR_NOT_FOUND) return false;
    if (s != EVO_OK) fail("erase", s);
    return true;
}

std::vector<evo_status> instance::run_batch(uint64_t count,
                                            std::function<evo_status(uint64_t)> task) {
    const auto api = declared<evo_scheduler_api>(plugin_.descriptor().kind_api);
    struct state {
        std::function<evo_status(uint64_t)> task;
        std::mutex lock;
        std::vector<evo_status> statuses;
        std::vector<bool> reported;
        bool twice = false;
    } batch_state{std::move(task),
                  {},
                  std::vector<evo_status>(count, EVO_ERR_INTERNAL),
                  std::vector<bool>(count),
                  false};
    evo_task_batch batch{};
    batch.struct_size = sizeof batch;
    batch.task_count = count;
    batch.batch_ctx = &batch_state;
    batch.run_task = [](void* ctx, uint64_t index) -> evo_status {
        try {
            return static_cast<state*>(ctx)->task(index);
        } catch (...) {
            return EVO_ERR_INTERNAL;
        }
    };
    batch.on_complete = [](void* ctx, uint64_t index, evo_status status) {
        auto& st = *static_cast<state*>(ctx);
        std::lock_guard hold(st.lock);
        if (index >= st.statuses.size() || st.reported[index]) {
            st.twice = true;
            return;
        }
        st.reported[index] = true;
        st.statuses[index] = status;
    };
    if (evo_status s = required(api.run, "scheduler", "run")(instance_, &no_deadline, &batch);
        s != EVO_OK)
        fail("run", s);
    if (batch_state.twice)
        throw error(EVO_ERR_PROTOCOL, std::string(plugin_.descriptor().name) +
                                          ": run reported a task twice or one outside the batch");
    return batch_state.statuses;
}

void checks::operator()(bool ok, std::string_view what) {
    if (ok) return;
    std::cerr << "FAIL: " << what << '\n';
    ++failures_;
}

int run_tests(int argc, char** argv, evo_kind kind,
              const std::function<void(const plugin&, checks&)>& tests) {
    if (argc != 2) {
        std::cerr << "usage: " << (argc > 0 ? argv[0] : "test") << " PLUGIN_FILE\n";
        return 2;
    }
    checks check;
    try {
        const plugin p(argv[1], kind);
        tests(p, check);
    } catch (const std::exception& e) {
        std::cerr << "FAIL: " << e.what() << '\n';
        return 1;
    }
    if (check.failures() != 0) {
        std::cerr << check.failures() << (check.failures() == 1 ? " check" : " checks")
                  << " failed\n";
        return 1;
    }
    std::cout << argv[1] << ": every check passed\n";
    return 0;
}

} // namespace evo::testhost
