// A fake host (plugin_module.hpp) whose run_process is the real host's process runner, for
// validators that run programs such as shellcheck or a compiler.
#pragma once

#include "plugin_module.hpp"

#include <evo/host/process.hpp>
#include <evo/host/sandbox.hpp>

#include <cstddef>
#include <cstring>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <system_error>
#include <vector>

namespace evo_test {

// run_process through the real host's process runner.
inline evo_status run_for_real(const evo_call* call, const evo_process_request& request,
                               evo_process_result& result, evo_write_fn on_stdout, void* stdout_ctx,
                               evo_write_fn on_stderr, void* stderr_ctx) {
    evo::host::process_spec spec;
    for (uint32_t i = 0; i < request.argc; ++i)
        spec.argv.emplace_back(request.argv[i].data, request.argv[i].size);
    spec.stdin_data = {request.stdin_data.data, request.stdin_data.size};
    spec.timeout_ms = request.timeout_ms;
    spec.memory_limit_bytes = request.memory_limit_bytes;
    spec.cpu_limit_seconds = request.cpu_limit_seconds;
    spec.file_size_limit_bytes = request.file_size_limit_bytes;
    spec.process_limit = request.process_limit;
    spec.sandbox = (request.flags & EVO_PROCESS_SANDBOX) != 0;
    for (uint32_t i = 0; i < request.file_count; ++i) // since 1.2; plugins here share our header
        spec.sandbox_files.push_back({std::string(request.files[i].name.data, request.files[i].name.size),
                                      {request.files[i].content.data, request.files[i].content.size},
                                      request.files[i].executable != 0});
    auto forward = [](evo_write_fn fn, void* ctx) -> evo::host::output_fn {
        if (!fn) return {};
        return [fn, ctx](std::string_view chunk) {
            return fn(ctx, {chunk.data(), chunk.size()}) == EVO_OK;
        };
    };
    try {
        if (spec.sandbox) evo::host::require_working_sandbox();
        const evo::host::process_status status = evo::host::run_process(
            spec, call, forward(on_stdout, stdout_ctx), forward(on_stderr, stderr_ctx));
        result.exit_code = status.exit_code;
        result.term_signal = status.term_signal;
        result.timed_out = status.timed_out ? 1 : 0;
        return status.cancelled ? EVO_ERR_CANCELLED : EVO_OK;
    } catch (const std::system_error& e) {
        if (on_stderr) on_stderr(stderr_ctx, {e.what(), std::strlen(e.what())});
        return EVO_ERR_UNAVAILABLE;
    } catch (const std::invalid_argument& e) {
        if (on_stderr) on_stderr(stderr_ctx, {e.what(), std::strlen(e.what())});
        return EVO_ERR_INVALID_ARGUMENT;
    }
}

// sandbox_command as the host answers it: the real sandbox's command line.
inline evo_status sandbox_for_real(const std::vector<std::string>& argv,
                                   const std::vector<std::string>& read_only_paths,
                                   std::vector<std::string>& words) {
    try {
        words = evo::host::sandboxed_command_line({argv, {}, read_only_paths});
        return EVO_OK;
    } catch (const evo::host::command_not_found& e) {
        words = {e.what()};
        return EVO_ERR_NOT_FOUND;
    } catch (const std::system_error& e) {
        words = {e.what()};
        return EVO_ERR_UNAVAILABLE;
    }
}

// What a validator's identity() says (its tools' versions): the status and the text.
inline std::pair<evo_status, std::string> identity_of(const plugin_instance& plugin) {
    const auto& api = plugin.api<evo_validator_api>();
    std::string text;
    if (api.struct_size < offsetof(evo_validator_api, identity) + sizeof api.identity || !api.identity)
        return {EVO_ERR_UNSUPPORTED, text};
    auto append = [](void* ctx, evo_str chunk) -> evo_status {
        static_cast<std::string*>(ctx)->append(chunk.data, chunk.size);
        return EVO_OK;
    };
    return {api.identity(plugin.get(), append, &text), text};
}

// The fake host of plugin_module.hpp whose run_process and sandbox_command are the real
// host's, for validators that run shellcheck, a compiler or sandboxed workers.
class validator_host : public fake_host {
  public:
    validator_host() {
        on_run_process(&run_for_real);
        on_sandbox_command(&sandbox_for_real);
    }
};

} // namespace evo_test
