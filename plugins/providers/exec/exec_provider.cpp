#include "exec_provider.hpp"

#include "command_line.hpp"
#include "prompt_text.hpp"
#include "stderr_tail.hpp"

#include <csignal>
#include <cstring>
#include <optional>

namespace exec_plugin {
namespace {

// Kept of stderr: enough for the tail an error message quotes.
constexpr std::size_t stderr_kept = 4096;
// Below the host's own cap on a process's output (16 MiB, past which it drops bytes without
// telling the plugin): an answer longer than this fails at once, the command is killed, and
// no answer the host cut short is ever taken whole.
constexpr std::size_t max_stdout_bytes = 8u << 20;

struct run_state {
    const evo::sink* text = nullptr;
    std::size_t stdout_bytes = 0;
    std::string err;
    std::optional<evo::error> stopped; // the caller's sink said stop, or stdout grew too long
};

evo_status on_stdout(void* ctx, evo_str chunk) {
    auto& state = *static_cast<run_state*>(ctx);
    if (chunk.size == 0) return EVO_OK;
    try {
        state.stdout_bytes += chunk.size;
        if (state.stdout_bytes > max_stdout_bytes)
            throw evo::error(EVO_ERR_PROTOCOL, "the command printed more than " +
                                                   std::to_string(max_stdout_bytes) +
                                                   " bytes on stdout; stopped");
        state.text->write(evo::view(chunk));
        return EVO_OK;
    } catch (const evo::error& e) {
        state.stopped = e;
        return EVO_ERR_STOPPED;
    }
}

evo_status on_stderr(void* ctx, evo_str chunk) {
    auto& state = *static_cast<run_state*>(ctx);
    state.err.append(chunk.data, chunk.size);
    if (state.err.size() > 2 * stderr_kept) state.err.erase(0, state.err.size() - stderr_kept);
    return EVO_OK;
}

std::string with_stderr(std::string message, const std::string& err) {
    std::string tail = stderr_tail(err);
    return tail.empty() ? message + " (stderr empty)" : message + ": " + tail;
}

std::string signal_name(int signal) {
    const char* name = sigabbrev_np(signal);
    return name ? std::string("SIG") + name : "signal " + std::to_string(signal);
}

} // namespace

exec_provider::exec_provider(evo::host_services host, const boost::json::object& config)
    : host_(host), settings_(read_settings(config)) {}

evo::completion exec_provider::complete(const evo::call& c, std::string_view request_json,
                                        const evo::sink& text) {
    const bool system_on_stdin = settings_.system_argument.empty();
    prompt p = prompt_of(request_json, system_on_stdin);
    const std::vector<std::string> argv =
        command_line(settings_, p.model, system_on_stdin ? std::string() : p.system);
    const std::string& program = argv.front();

    std::vector<evo_str> args;
    for (const std::string& a : argv)
        args.push_back(evo::str(a));
    evo_process_request request{};
    request.struct_size = sizeof request;
    request.argv = args.data();
    request.argc = static_cast<uint32_t>(args.size());
    request.stdin_data = evo::str(p.input);
    request.timeout_ms = static_cast<uint32_t>(settings_.timeout.count());
    request.flags = settings_.sandbox ? EVO_PROCESS_SANDBOX : 0;
    evo_process_result result{};
    result.struct_size = sizeof result;
    run_state state;
    state.text = &text;
    // The host's run_process, not evo::host_services::run(): that one collects stdout whole,
    // and the answer must reach the caller as it is printed.
    const evo_host_api* api = host_.raw();
    evo_status status = api->run_process(api->host_data, c.raw(), &request, &result, on_stdout,
                                         &state, on_stderr, &state);
    const std::string name = "`" + program + "`";
    if (state.stopped) throw *state.stopped;
    if (status == EVO_ERR_CANCELLED) throw evo::error(EVO_ERR_CANCELLED, "cancelled");
    if (status != EVO_OK) // could not start: not installed, not on PATH, no sandbox here
        throw evo::error(status, "cannot run " + name + ": " + stderr_tail(state.err) +
                                     (settings_.sandbox ? "" : " (is it installed and on PATH?)"));
    if (result.timed_out)
        throw evo::error(EVO_ERR_TIMEOUT, name + " did not finish within " +
                                              std::to_string(settings_.timeout.count()) +
                                              " ms (timeout_ms) or the call's deadline; killed");
    if (result.term_signal != 0)
        throw evo::error(
            EVO_ERR_UNAVAILABLE,
            with_stderr(name + " was killed by " + signal_name(result.term_signal), state.err));
    if (result.exit_code != 0)
        throw evo::error(EVO_ERR_UNAVAILABLE, with_stderr(name + " exited with status " +
                                                              std::to_string(result.exit_code),
                                                          state.err));
    if (state.stdout_bytes == 0)
        throw evo::error(
            EVO_ERR_PROTOCOL,
            with_stderr(name + " exited with status 0 but printed nothing on stdout", state.err));
    evo::completion done;
    done.model = settings_.model.empty() ? p.model : settings_.model;
    return done;
}

} // namespace exec_plugin
