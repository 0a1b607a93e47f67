// evo run NAME [ARGS...] and its short form evo NAME [ARGS...] (main.cpp's fast path): the
// current version of an evolved command, run in the sandbox as `RUNNER /sandbox/FILE ARGS...`.
#include "../command_permissions.hpp"
#include "../context.hpp"
#include "../evolved_commands.hpp"
#include "../sandbox_exit.hpp"
#include "../stderr_line.hpp"

#include <evo/host/call.hpp>
#include <evo/host/command_store.hpp>
#include <evo/host/error.hpp>
#include <evo/host/process.hpp>
#include <evo/host/sandbox.hpp>

#include <algorithm>
#include <cstdio>

namespace evo::cli {

bool is_command_name(std::string_view name) {
    auto allowed = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    };
    return !name.empty() && name.size() <= max_command_name && name.front() != '-' &&
           std::all_of(name.begin(), name.end(), allowed);
}

int run_evolved_command(std::string_view name, const std::vector<std::string>& args) {
    std::optional<host::command_version> v;
    if (is_command_name(name))
        v = host::command_store(host::command_store::default_path(), true).current(name);
    if (!v)
        throw host::command_not_found_error("unknown command '" + std::string(name) +
                                            "' (evo --help lists the commands)");
    const command_permissions allowed = parse_permissions(v->permissions);

    // The version says how it runs (the contract it was evolved under): no plugin is loaded.
    host::process_spec spec;
    spec.sandbox = true;
    spec.sandbox_files = {{v->file, v->code, false}};
    spec.argv = {v->runner, std::string(host::sandbox_work_dir) + "/" + v->file};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.inherit_stdin = true;
    spec.inherit_output = true;
    spec.timeout_ms = static_cast<int64_t>(allowed.timeout_seconds * 1000);
    spec.memory_limit_bytes = allowed.limits.memory_bytes;
    spec.process_limit = allowed.limits.processes;
    spec.open_file_limit = allowed.limits.open_files;
    spec.cpu_limit_seconds = allowed.limits.cpu_seconds;
    spec.file_size_limit_bytes = allowed.limits.file_size_bytes;
    host::call_scope call;
    try {
        return sandboxed_exit_code(host::run_process(spec, call.raw(), {}, {}),
                                   allowed.timeout_seconds);
    } catch (const host::command_not_found& e) {
        stderr_error(std::string(name) + ": " + e.what());
        return exit_not_found;
    } catch (const std::system_error& e) {
        throw host::runtime_error(e.what());
    }
}

void add_run_command(CLI::App& app, context&, exit_slot exit) {
    auto* run = app.add_subcommand(
        "run", "run an evolved command in the sandbox (short form: evo NAME ARGS...); "
               "exits with its status");
    // main.cpp runs `evo [GLOBAL OPTIONS] run NAME ...` before any parse, so every argument
    // after NAME is the command's. Only what it cannot read as that form (combined flags such
    // as -vv before `run`) gets here, where CLI11 parses the arguments too: options meant for
    // the command then go after `--`.
    auto words = std::make_shared<std::vector<std::string>>();
    run->add_option("NAME ARGS", *words, "the command (evo commands lists them) and its arguments")
        ->required();
    run->callback([words, exit] {
        *exit = run_evolved_command(words->front(),
                                    std::vector<std::string>(words->begin() + 1, words->end()));
    });
}

} // namespace evo::cli
