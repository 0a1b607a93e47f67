#include "services.hpp"

#include "abi_guard.hpp"
#include "declared_struct.hpp"

#include <evo/host/http.hpp>
#include <evo/host/process.hpp>
#include <evo/host/sandbox.hpp>

#include <spdlog/spdlog.h>

#include <cstddef>
#include <stdexcept>
#include <system_error>

namespace evo::host {
namespace {

using binding = runtime::binding;

binding& bound(void* host_data) { return *static_cast<binding*>(host_data); }
std::string_view view(evo_str s) { return {s.data ? s.data : "", s.size}; }

void service_log(void* host_data, int32_t level, evo_str message) {
    static constexpr spdlog::level::level_enum levels[] = {spdlog::level::trace, spdlog::level::debug,
                                                           spdlog::level::info, spdlog::level::warn,
                                                           spdlog::level::err};
    auto lvl = levels[level < 0 ? 0 : level > 4 ? 4 : level];
    const binding& b = bound(host_data);
    spdlog::log(lvl, "[{}] {}", b.instance_id, b.owner->redact(std::string(view(message))));
}

evo_status service_cache_get(void* host_data, evo_str key, evo_write_fn out, void* ctx) {
    runtime& rt = *bound(host_data).owner;
    if (rt.config().pipeline.cache.empty()) return EVO_ERR_UNSUPPORTED;
    auto value = rt.cache_get(view(key));
    if (!value) return EVO_ERR_NOT_FOUND;
    return out(ctx, {value->data(), value->size()}) == EVO_OK ? EVO_OK : EVO_ERR_STOPPED;
}

evo_status service_cache_put(void* host_data, evo_str key, evo_str value, uint32_t ttl) {
    runtime& rt = *bound(host_data).owner;
    if (rt.config().pipeline.cache.empty()) return EVO_ERR_UNSUPPORTED;
    rt.cache_put(view(key), view(value), ttl);
    return EVO_OK;
}

evo_status service_http(void* host_data, const evo_call* call, const evo_http_request* raw, int32_t* http_status,
                evo_header_fn on_header, void* header_ctx, evo_write_fn on_body, void* body_ctx) {
    if (!raw) return EVO_ERR_INVALID_ARGUMENT;
    evo_http_request req = read_declared<evo_http_request>(raw);
    http_spec spec;
    spec.method = std::string(view(req.method));
    spec.url = std::string(view(req.url));
    for (uint32_t i = 0; i < req.header_count; ++i) spec.headers.emplace_back(view(req.headers[i]));
    spec.body = view(req.body);
    if (req.connect_timeout_ms) spec.connect_timeout_ms = req.connect_timeout_ms;
    if (req.stall_timeout_ms) spec.stall_timeout_ms = req.stall_timeout_ms;
    spec.allow_remote = remote_http_allowed();
    auto headers = [&](std::string_view n, std::string_view v) {
        return !on_header || on_header(header_ctx, {n.data(), n.size()}, {v.data(), v.size()}) == EVO_OK;
    };
    auto body = [&](std::string_view chunk) { return !on_body || on_body(body_ctx, {chunk.data(), chunk.size()}) == EVO_OK; };
    http_outcome outcome = http_request(spec, call, headers, body);
    if (http_status) *http_status = static_cast<int32_t>(outcome.status);
    if (outcome.code != EVO_OK)
        spdlog::debug("[{}] {} {}: {}", bound(host_data).instance_id, spec.method, spec.url,
                      bound(host_data).owner->redact(outcome.error));
    return outcome.code;
}

// The ABI's result has no room for it, so a cap that dropped output is said on stderr, last.
void report_truncation(const process_status& st, evo_write_fn on_stderr, void* ctx) {
    if (!on_stderr || (!st.stdout_dropped && !st.stderr_dropped)) return;
    std::string note = "\nevo: output truncated: " + std::to_string(st.stdout_dropped) + " bytes of stdout and " +
                       std::to_string(st.stderr_dropped) + " of stderr dropped\n";
    on_stderr(ctx, {note.data(), note.size()});
}

// The request's files, an array whose elements lie struct_size bytes apart: the plugin's
// sizeof(evo_process_file), which a later minor may have grown. False when it is malformed.
bool read_files(const evo_process_request& req, std::vector<sandbox_file>& into) {
    if (!req.file_count) return true;
    if (!req.files) return false;
    const uint32_t stride = req.files[0].struct_size;
    if (stride < offsetof(evo_process_file, executable) + sizeof(uint32_t)) return false;
    const auto* at = reinterpret_cast<const unsigned char*>(req.files);
    for (uint32_t i = 0; i < req.file_count; ++i, at += stride) {
        evo_process_file file = read_declared<evo_process_file>(at);
        into.push_back({std::string(view(file.name)), view(file.content), file.executable != 0});
    }
    return true;
}

evo_status service_run(void*, const evo_call* call, const evo_process_request* raw, evo_process_result* result,
               evo_write_fn on_stdout, void* stdout_ctx, evo_write_fn on_stderr, void* stderr_ctx) {
    if (!raw) return EVO_ERR_INVALID_ARGUMENT;
    evo_process_request req = read_declared<evo_process_request>(raw);
    process_spec spec;
    for (uint32_t i = 0; i < req.argc; ++i) spec.argv.emplace_back(view(req.argv[i]));
    spec.stdin_data = view(req.stdin_data);
    spec.timeout_ms = req.timeout_ms;
    spec.memory_limit_bytes = req.memory_limit_bytes;
    spec.cpu_limit_seconds = req.cpu_limit_seconds;
    spec.file_size_limit_bytes = req.file_size_limit_bytes;
    spec.process_limit = req.process_limit;
    spec.sandbox = (req.flags & EVO_PROCESS_SANDBOX) != 0;
    if (!read_files(req, spec.sandbox_files)) return EVO_ERR_INVALID_ARGUMENT;
    auto sink = [](evo_write_fn fn, void* ctx) -> output_fn {
        if (!fn) return {};
        return [fn, ctx](std::string_view chunk) { return fn(ctx, {chunk.data(), chunk.size()}) == EVO_OK; };
    };
    try {
        if (spec.sandbox) require_working_sandbox();
        process_status st = run_process(spec, call, sink(on_stdout, stdout_ctx), sink(on_stderr, stderr_ctx));
        write_declared(result, evo_process_result{0, st.exit_code, st.term_signal, st.timed_out ? 1 : 0});
        report_truncation(st, on_stderr, stderr_ctx);
        if (st.cancelled) return EVO_ERR_CANCELLED;
        return st.stopped ? EVO_ERR_STOPPED : EVO_OK;
    } catch (const std::system_error& e) {
        if (on_stderr) on_stderr(stderr_ctx, {e.what(), std::strlen(e.what())});
        return EVO_ERR_UNAVAILABLE;
    } catch (const std::invalid_argument& e) { // a bad file name, files without the sandbox
        if (on_stderr) on_stderr(stderr_ctx, {e.what(), std::strlen(e.what())});
        return EVO_ERR_INVALID_ARGUMENT;
    }
}

evo_status service_complete(void* host_data, const evo_call* call, evo_str provider_id, evo_str request_json,
                    evo_write_fn on_text, void* text_ctx) {
    runtime& rt = *bound(host_data).owner;
    plugin_instance* target = rt.find(view(provider_id));
    if (view(provider_id) == bound(host_data).instance_id) {
        std::string why = "instance '" + bound(host_data).instance_id + "' cannot consult itself";
        on_text(text_ctx, {why.data(), why.size()});
        return EVO_ERR_INVALID_ARGUMENT;
    }
    if (!target || target->kind() != EVO_KIND_PROVIDER) {
        std::string why = "no provider instance '" + std::string(view(provider_id)) + "' in the manifest";
        on_text(text_ctx, {why.data(), why.size()});
        return EVO_ERR_NOT_FOUND;
    }
    auto result = rt.complete(view(provider_id), call, view(request_json),
                              [&](std::string_view chunk) { return on_text(text_ctx, {chunk.data(), chunk.size()}) == EVO_OK; });
    if (result.status != EVO_OK) on_text(text_ctx, {result.error.data(), result.error.size()});
    return result.status;
}

// Any failure is one message through `out` and a status, as the ABI documents.
evo_status service_sandbox_command(void*, const evo_str* argv, uint32_t argc, const evo_str* read_only_paths,
                                   uint32_t path_count, evo_write_fn out, void* out_ctx) {
    if (!out) return EVO_ERR_INVALID_ARGUMENT;
    auto refuse = [&](evo_status status, std::string_view why) {
        out(out_ctx, {why.data(), why.size()});
        return status;
    };
    if (argc == 0 || !argv) return refuse(EVO_ERR_INVALID_ARGUMENT, "sandbox_command: empty argv");
    if (path_count > 0 && !read_only_paths)
        return refuse(EVO_ERR_INVALID_ARGUMENT, "sandbox_command: read_only_paths is NULL");
    sandbox_request request;
    for (uint32_t i = 0; i < argc; ++i) request.argv.emplace_back(view(argv[i]));
    for (uint32_t i = 0; i < path_count; ++i) request.read_only_paths.emplace_back(view(read_only_paths[i]));
    std::vector<std::string> command;
    try {
        command = sandboxed_command_line(request);
    } catch (const command_not_found& e) {
        return refuse(EVO_ERR_NOT_FOUND, e.what());
    } catch (const std::system_error& e) {
        return refuse(EVO_ERR_UNAVAILABLE, e.what());
    }
    for (const std::string& word : command)
        if (out(out_ctx, {word.data(), word.size()}) != EVO_OK) return EVO_ERR_STOPPED;
    return EVO_OK;
}

} // namespace

runtime::binding::binding(runtime* rt, std::string id) : owner(rt), instance_id(std::move(id)), api{} {
    api.struct_size = sizeof api;
    api.abi_major = EVO_ABI_VERSION_MAJOR;
    api.abi_minor = EVO_ABI_VERSION_MINOR;
    api.host_data = this;
    // Plugins call these from C: a throw inside becomes EVO_ERR_INTERNAL, never an exception.
    api.log = abi_guarded<service_log>;
    api.cache_get = abi_guarded<service_cache_get>;
    api.cache_put = abi_guarded<service_cache_put>;
    api.http = abi_guarded<service_http>;
    api.run_process = abi_guarded<service_run>;
    api.complete = abi_guarded<service_complete>;
    api.sandbox_command = abi_guarded<service_sandbox_command>;
}

} // namespace evo::host
