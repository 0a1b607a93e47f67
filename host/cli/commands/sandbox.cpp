// evo sandbox run: runs a command in exactly the sandbox plugins get (host/core sandbox.hpp),
// so users and tests can see what it allows. stdin is the command's own (streamed, never read
// by evo); stdout and stderr pass through, each capped like a plugin's capture.
#include "../context.hpp"
#include "../sandbox_exit.hpp"
#include "../stderr_line.hpp"

#include <evo/host/call.hpp>
#include <evo/host/error.hpp>
#include <evo/host/pipe_write.hpp>
#include <evo/host/process.hpp>
#include <evo/host/sandbox.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace evo::cli {
namespace {

struct sandbox_options {
    double timeout_seconds = 60;
    uint64_t memory_mb = host::sandbox_defaults.memory_bytes >> 20;
    uint32_t processes = 0; // 0: the sandbox's default
    std::vector<std::string> allowed_env;
    std::vector<std::string> command;
};

// Passes a chunk through to evo's own descriptor; false (stop the command) once nobody reads it.
host::output_fn pass_to(int fd) {
    return [fd](std::string_view chunk) { return host::write_all(fd, chunk) == host::write_result::written; };
}

int run_sandboxed(const sandbox_options& o) {
    host::process_spec spec;
    spec.argv = o.command;
    spec.inherit_stdin = true;
    spec.timeout_ms = static_cast<int64_t>(o.timeout_seconds * 1000);
    spec.memory_limit_bytes = o.memory_mb << 20;
    spec.process_limit = o.processes;
    spec.granted_env = o.allowed_env;
    spec.sandbox = true;
    host::call_scope call;
    try {
        return sandboxed_exit_code(host::run_process(spec, call.raw(), pass_to(1), pass_to(2)), o.timeout_seconds);
    } catch (const host::command_not_found& e) {
        stderr_error(e.what());
        return exit_not_found;
    } catch (const std::system_error& e) {
        throw host::runtime_error(e.what());
    }
}

} // namespace

void add_sandbox_command(CLI::App& app, context&, exit_slot exit) {
    auto* sandbox = app.add_subcommand("sandbox", "the sandbox plugins run tools in");
    sandbox->require_subcommand(1);
    auto* run = sandbox->add_subcommand(
        "run", "run CMD in the sandbox: no network, only /usr and a fresh /tmp and work directory, limits; "
               "exits with CMD's status (124 on timeout, 127 when not found)");
    auto options = std::make_shared<sandbox_options>();
    run->add_option("--timeout", options->timeout_seconds, "wall-clock limit in seconds (0: none)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    run->add_option("--memory", options->memory_mb, "address-space limit in MiB")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    run->add_option("--processes", options->processes,
                    "process-count limit (RLIMIT_NPROC; counts every process of the sandbox's uid; "
                    "default 256 when evo is root, none otherwise)")
        ->check(CLI::PositiveNumber);
    run->add_option("--allow-env", options->allowed_env, "pass this variable of evo's environment (repeatable)")
        ->allow_extra_args(false);
    run->add_option("command", options->command, "-- CMD [ARGS...]")->required();
    run->callback([options, exit] { *exit = run_sandboxed(*options); });
}

} // namespace evo::cli
