// Loads a built plugin module the way the host does and drives it through the C ABI only.
#pragma once

#include <evo/plugin.h>

#include <dlfcn.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace evo_test {

// The plugin's descriptor, from a module loaded with RTLD_NOW | RTLD_LOCAL and, as in the
// host, never unloaded.
inline const evo_plugin_descriptor& load_descriptor(const char* path) {
    void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) throw std::runtime_error(std::string("dlopen: ") + dlerror());
    auto entry = reinterpret_cast<evo_plugin_entry_fn>(dlsym(handle, EVO_PLUGIN_ENTRY_SYMBOL));
    if (!entry) throw std::runtime_error(std::string(path) + " has no entry symbol");
    const evo_plugin_descriptor* descriptor = entry(EVO_ABI_VERSION_MAJOR, EVO_ABI_VERSION_MINOR);
    if (!descriptor) throw std::runtime_error(std::string(path) + " refused the host ABI");
    return *descriptor;
}

// A host whose services a test replaces as needed; those not replaced answer UNSUPPORTED.
class fake_host {
  public:
    using complete_fn = std::function<evo_status(std::string_view provider,
                                                 std::string_view request, std::string& text)>;

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
        api_.run_process = [](void*, const evo_call*, const evo_process_request*,
                              evo_process_result*, evo_write_fn, void*, evo_write_fn,
                              void*) -> evo_status { return EVO_ERR_UNSUPPORTED; };
        api_.complete = &complete;
    }
    fake_host(const fake_host&) = delete;
    fake_host& operator=(const fake_host&) = delete;

    const evo_host_api* api() const noexcept { return &api_; }
    void on_complete(complete_fn fn) { complete_ = std::move(fn); }
    std::vector<std::string> messages() const {
        std::lock_guard lock(mutex_);
        return messages_;
    }

  private:
    static void log(void* self, int32_t, evo_str message) {
        auto& host = *static_cast<fake_host*>(self);
        std::lock_guard lock(host.mutex_);
        host.messages_.emplace_back(message.data, message.size);
    }
    static evo_status complete(void* self, const evo_call*, evo_str provider, evo_str request,
                               evo_write_fn on_text, void* text_ctx) {
        auto& host = *static_cast<fake_host*>(self);
        if (!host.complete_) return EVO_ERR_NOT_FOUND;
        std::string text;
        evo_status status =
            host.complete_({provider.data, provider.size}, {request.data, request.size}, text);
        if (status == EVO_OK) status = on_text(text_ctx, {text.data(), text.size()});
        return status;
    }

    evo_host_api api_{};
    complete_fn complete_;
    mutable std::mutex mutex_;
    std::vector<std::string> messages_;
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

} // namespace evo_test
