// Loads a built plugin module the way the host does and drives it through the C ABI only.
#pragma once

#include <evo/plugin.h>

#include <dlfcn.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace evo_test {

// The plugin's descriptor, from a module loaded with RTLD_NOW | RTLD_LOCAL and, as in the
// host, never unloaded.
inline evo_plugin_entry_fn entry_point(const char* path) {
    void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) throw std::runtime_error(std::string("dlopen: ") + dlerror());
    auto entry = reinterpret_cast<evo_plugin_entry_fn>(dlsym(handle, EVO_PLUGIN_ENTRY_SYMBOL));
    if (!entry) throw std::runtime_error(std::string(path) + " has no entry symbol");
    return entry;
}

inline const evo_plugin_descriptor& load_descriptor(const char* path) {
    const evo_plugin_descriptor* descriptor =
        entry_point(path)(EVO_ABI_VERSION_MAJOR, EVO_ABI_VERSION_MINOR);
    if (!descriptor) throw std::runtime_error(std::string(path) + " refused the host ABI");
    return *descriptor;
}

// A host whose services a test replaces as needed; those not replaced answer UNSUPPORTED
// (complete: NOT_FOUND). Every log line and every program a plugin asks to run is kept.
class fake_host {
  public:
    struct log_entry {
        int32_t level;
        std::string message;
    };
    // Fills `text`, which is streamed to the plugin whatever the status (as the host streams
    // its error text), and returns the status.
    using complete_fn = std::function<evo_status(const evo_call* call, std::string_view provider,
                                                 std::string_view request, std::string& text)>;
    using run_process_fn = std::function<evo_status(
        const evo_call* call, const evo_process_request& request, evo_process_result& result,
        evo_write_fn on_stdout, void* stdout_ctx, evo_write_fn on_stderr, void* stderr_ctx)>;

    fake_host() {
        api_.struct_size = sizeof api_;
        api_.abi_major = EVO_ABI_VERSION_MAJOR;
        api_.abi_minor = EVO_ABI_VERSION_MINOR;
        api_.host_data = this;
        api_.log = &log;
        api_.cache_get = [](void*, evo_str, evo_write_fn, void*) -> evo_status {
            return EVO_ERR_UNSUPPORTED;
        };
        api_.cache_put = [](void*, evo_str, evo_str, uint32_t) -> evo_status {
            return EVO_ERR_UNSUPPORTED;
        };
        api_.http = [](void*, const evo_call*, const evo_http_request*, int32_t*, evo_header_fn,
                       void*, evo_write_fn, void*) -> evo_status { return EVO_ERR_UNSUPPORTED; };
        api_.run_process = &run_process;
        api_.complete = &complete;
    }
    // Answers sandbox_command (since 1.1): fills `words` with the command line, or with one
    // message when it fails, and returns the status. Until one is set the host has no such
    // service (NULL), as a 1.0 host.
    using sandbox_command_fn = std::function<evo_status(const std::vector<std::string>& argv,
                                                        const std::vector<std::string>& read_only_paths,
                                                        std::vector<std::string>& words)>;
    void on_sandbox_command(sandbox_command_fn fn) {
        sandbox_command_ = std::move(fn);
        api_.sandbox_command = &sandbox_command;
    }

    fake_host(const fake_host&) = delete;
    fake_host& operator=(const fake_host&) = delete;

    const evo_host_api* api() const noexcept { return &api_; }
    void on_complete(complete_fn fn) { complete_ = std::move(fn); }
    void on_run_process(run_process_fn fn) { run_process_ = std::move(fn); }

    std::vector<log_entry> logs() const {
        std::lock_guard lock(mutex_);
        return logs_;
    }
    std::vector<std::string> messages() const {
        std::vector<std::string> texts;
        for (auto& entry : logs())
            texts.push_back(entry.message);
        return texts;
    }
    // The argv of every program a plugin asked to run, in order.
    std::vector<std::vector<std::string>> runs() const {
        std::lock_guard lock(mutex_);
        return runs_;
    }

  private:
    static void log(void* self, int32_t level, evo_str message) {
        auto& host = *static_cast<fake_host*>(self);
        std::lock_guard lock(host.mutex_);
        host.logs_.push_back({level, std::string(message.data, message.size)});
    }

    static evo_status complete(void* self, const evo_call* call, evo_str provider, evo_str request,
                               evo_write_fn on_text, void* text_ctx) {
        auto& host = *static_cast<fake_host*>(self);
        if (!host.complete_) return EVO_ERR_NOT_FOUND;
        std::string text;
        const evo_status status = host.complete_(call, {provider.data, provider.size},
                                                 {request.data, request.size}, text);
        const evo_status written = on_text(text_ctx, {text.data(), text.size()});
        return status != EVO_OK ? status : written;
    }

    static evo_status run_process(void* self, const evo_call* call,
                                  const evo_process_request* request, evo_process_result* result,
                                  evo_write_fn on_stdout, void* stdout_ctx, evo_write_fn on_stderr,
                                  void* stderr_ctx) {
        auto& host = *static_cast<fake_host*>(self);
        {
            std::vector<std::string> argv;
            for (uint32_t i = 0; i < request->argc; ++i)
                argv.emplace_back(request->argv[i].data, request->argv[i].size);
            std::lock_guard lock(host.mutex_);
            host.runs_.push_back(std::move(argv));
        }
        if (!host.run_process_) return EVO_ERR_UNSUPPORTED;
        return host.run_process_(call, *request, *result, on_stdout, stdout_ctx, on_stderr,
                                 stderr_ctx);
    }

    static evo_status sandbox_command(void* self, const evo_str* argv, uint32_t argc,
                                      const evo_str* paths, uint32_t path_count, evo_write_fn out,
                                      void* out_ctx) {
        auto& host = *static_cast<fake_host*>(self);
        auto strings = [](const evo_str* s, uint32_t n) {
            std::vector<std::string> v;
            for (uint32_t i = 0; i < n; ++i) v.emplace_back(s[i].data, s[i].size);
            return v;
        };
        std::vector<std::string> words;
        const evo_status status = host.sandbox_command_(strings(argv, argc), strings(paths, path_count), words);
        for (const std::string& word : words)
            if (out(out_ctx, {word.data(), word.size()}) != EVO_OK) return EVO_ERR_STOPPED;
        return status;
    }

    evo_host_api api_{};
    complete_fn complete_;
    sandbox_command_fn sandbox_command_;
    run_process_fn run_process_;
    mutable std::mutex mutex_;
    std::vector<log_entry> logs_;
    std::vector<std::vector<std::string>> runs_;
};

// An instance created through the descriptor, destroyed at scope end.
class plugin_instance {
  public:
    plugin_instance(const evo_plugin_descriptor& descriptor, const evo_host_api* host,
                    std::string_view config_json)
        : descriptor_(descriptor) {
        status_ = descriptor.create(host, {config_json.data(), config_json.size()}, &instance_,
                                    &collect, &error_);
    }
    ~plugin_instance() {
        if (instance_) descriptor_.destroy(instance_);
    }
    plugin_instance(const plugin_instance&) = delete;
    plugin_instance& operator=(const plugin_instance&) = delete;

    evo_status create_status() const noexcept { return status_; }
    const std::string& create_error() const noexcept { return error_; }
    evo_instance* get() const noexcept { return instance_; }
    std::string last_error() const { return descriptor_.last_error(instance_); }
    template <class Api> const Api& api() const {
        return *static_cast<const Api*>(descriptor_.kind_api);
    }

  private:
    static evo_status collect(void* ctx, evo_str chunk) {
        static_cast<std::string*>(ctx)->append(chunk.data, chunk.size);
        return EVO_OK;
    }

    const evo_plugin_descriptor& descriptor_;
    evo_instance* instance_ = nullptr;
    evo_status status_ = EVO_ERR_INTERNAL;
    std::string error_;
};

// A call the test can cancel.
class cancellable_call {
  public:
    cancellable_call() {
        call_.struct_size = sizeof call_;
        call_.is_cancelled = [](const evo_call* c) -> int32_t {
            return static_cast<const cancellable_call*>(c->host_data)->flag_.load() ? 1 : 0;
        };
        call_.host_data = this;
    }
    cancellable_call(const cancellable_call&) = delete;
    cancellable_call& operator=(const cancellable_call&) = delete;

    void cancel() noexcept { flag_ = true; }
    const evo_call* get() const noexcept { return &call_; }

  private:
    evo_call call_{};
    std::atomic<bool> flag_{false};
};

struct reported_finding {
    std::string rule_id;
    int32_t severity = 0;
    int32_t confidence = 0;
    uint32_t line = 0;
    uint32_t column = 0;
    std::string message;
    std::string fix_hint;
    std::string external_id;
};

struct validation {
    evo_status status = EVO_OK;
    std::vector<reported_finding> findings;
    std::string error; // last_error() when status != EVO_OK
    std::size_t stop_after = SIZE_MAX;

    std::vector<std::string> rule_ids() const {
        std::vector<std::string> ids;
        for (const auto& f : findings)
            ids.push_back(f.rule_id);
        return ids;
    }
};

// Runs one validation of `text` (from file `path`, if any); after `stop_after` findings the
// sink answers STOPPED, as a host does that has seen enough.
inline validation validate(const plugin_instance& plugin, std::string_view text,
                           std::string_view language, const evo_call* call,
                           std::size_t stop_after = SIZE_MAX, std::string_view path = {}) {
    validation v;
    v.stop_after = stop_after;
    evo_source source{};
    source.struct_size = sizeof source;
    source.text = {text.data(), text.size()};
    source.language = {language.data(), language.size()};
    source.path = {path.data(), path.size()};
    auto collect = [](void* ctx, const evo_finding* f) -> evo_status {
        auto str = [](evo_str s) { return std::string(s.data ? s.data : "", s.size); };
        static_cast<validation*>(ctx)->findings.push_back(
            {str(f->rule_id), f->severity, f->confidence, f->line, f->column, str(f->message),
             str(f->fix_hint), str(f->external_id)});
        auto& seen = *static_cast<validation*>(ctx);
        return seen.findings.size() >= seen.stop_after ? EVO_ERR_STOPPED : EVO_OK;
    };
    v.status = plugin.api<evo_validator_api>().validate(plugin.get(), call, &source, collect, &v);
    if (v.status != EVO_OK) v.error = plugin.last_error();
    return v;
}

} // namespace evo_test
