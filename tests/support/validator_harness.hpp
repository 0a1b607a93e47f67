// Drives a built validator module through the C ABI (see plugin_module.hpp) and gives it a
// host whose run_process is the real host's process runner, for validators that run programs
// such as shellcheck or a compiler, and whose complete() a test scripts.
#pragma once

#include "plugin_module.hpp"

#include <evo/host/process.hpp>

#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace evo_test {

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

    std::vector<std::string> rule_ids() const {
        std::vector<std::string> ids;
        for (const auto& f : findings)
            ids.push_back(f.rule_id);
        return ids;
    }
};

inline validation validate(const plugin_instance& plugin, std::string_view text,
                           std::string_view language, const evo_call* call) {
    validation v;
    evo_source source{};
    source.struct_size = sizeof source;
    source.text = {text.data(), text.size()};
    source.language = {language.data(), language.size()};
    auto collect = [](void* ctx, const evo_finding* f) -> evo_status {
        auto str = [](evo_str s) { return std::string(s.data ? s.data : "", s.size); };
        static_cast<validation*>(ctx)->findings.push_back(
            {str(f->rule_id), f->severity, f->confidence, f->line, f->column, str(f->message),
             str(f->fix_hint), str(f->external_id)});
        return EVO_OK;
    };
    v.status = plugin.api<evo_validator_api>().validate(plugin.get(), call, &source, collect, &v);
    if (v.status != EVO_OK) v.error = plugin.last_error();
    return v;
}

// Logs are kept; run_process runs the program for real; complete() answers as the test says
// (NOT_FOUND until it says); cache and HTTP are unsupported.
class validator_host {
  public:
    struct log_entry {
        int32_t level;
        std::string message;
    };
    // Fills `text` (streamed to the plugin whatever the status, as the host streams its error
    // text) and returns the status.
    using complete_fn = std::function<evo_status(const evo_call* call, std::string_view provider,
                                                 std::string_view request, std::string& text)>;

    validator_host() {
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
        api_.run_process = &run;
        api_.complete = &complete;
    }
    validator_host(const validator_host&) = delete;
    validator_host& operator=(const validator_host&) = delete;

    void on_complete(complete_fn fn) { complete_ = std::move(fn); }

    const evo_host_api* api() const noexcept { return &api_; }

    std::vector<log_entry> logs() const {
        std::lock_guard lock(mutex_);
        return logs_;
    }
    // The argv of every program run so far, in order.
    std::vector<std::vector<std::string>> runs() const {
        std::lock_guard lock(mutex_);
        return runs_;
    }

  private:
    static void log(void* self, int32_t level, evo_str message) {
        auto& host = *static_cast<validator_host*>(self);
        std::lock_guard lock(host.mutex_);
        host.logs_.push_back({level, std::string(message.data, message.size)});
    }

    static evo_status complete(void* self, const evo_call* call, evo_str provider, evo_str request,
                               evo_write_fn on_text, void* text_ctx) {
        auto& host = *static_cast<validator_host*>(self);
        if (!host.complete_) return EVO_ERR_NOT_FOUND;
        std::string text;
        const evo_status status = host.complete_(call, {provider.data, provider.size},
                                                 {request.data, request.size}, text);
        const evo_status written = on_text(text_ctx, {text.data(), text.size()});
        return status != EVO_OK ? status : written;
    }

    static evo_status run(void* self, const evo_call* call, const evo_process_request* request,
                          evo_process_result* result, evo_write_fn on_stdout, void* stdout_ctx,
                          evo_write_fn on_stderr, void* stderr_ctx) {
        evo::host::process_spec spec;
        for (uint32_t i = 0; i < request->argc; ++i)
            spec.argv.emplace_back(request->argv[i].data, request->argv[i].size);
        spec.stdin_data = {request->stdin_data.data, request->stdin_data.size};
        spec.timeout_ms = request->timeout_ms;
        {
            auto& host = *static_cast<validator_host*>(self);
            std::lock_guard lock(host.mutex_);
            host.runs_.push_back(spec.argv);
        }
        auto forward = [](evo_write_fn fn, void* ctx) -> evo::host::output_fn {
            if (!fn) return {};
            return [fn, ctx](std::string_view chunk) { fn(ctx, {chunk.data(), chunk.size()}); };
        };
        try {
            const evo::host::process_status status = evo::host::run_process(
                spec, call, forward(on_stdout, stdout_ctx), forward(on_stderr, stderr_ctx));
            result->exit_code = status.exit_code;
            result->term_signal = status.term_signal;
            result->timed_out = status.timed_out ? 1 : 0;
            return status.cancelled ? EVO_ERR_CANCELLED : EVO_OK;
        } catch (const std::system_error& e) {
            if (on_stderr) on_stderr(stderr_ctx, {e.what(), std::strlen(e.what())});
            return EVO_ERR_UNAVAILABLE;
        }
    }

    evo_host_api api_{};
    complete_fn complete_;
    mutable std::mutex mutex_;
    std::vector<log_entry> logs_;
    std::vector<std::vector<std::string>> runs_;
};

} // namespace evo_test
