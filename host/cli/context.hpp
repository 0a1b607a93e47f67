// What every command shares: global options, the installation, the manifest in use.
#pragma once

#include <evo/host/manifest.hpp>
#include <evo/host/runtime.hpp>

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace evo::cli {

struct context {
    std::string manifest_option; // -m/--manifest or EVO_MANIFEST
    int verbosity = 0;
    std::string log_format = "text";
    std::string color = "auto"; // --color; output_style.hpp acts on it
    bool quiet = false;         // -q/--quiet
    host::installation install = host::locate_installation();

    // The manifest named by -m, EVO_MANIFEST, or the default search; nullopt when none exists.
    std::optional<host::manifest_location> manifest_location() const;
    std::optional<std::filesystem::path> manifest_path() const;
    // Like manifest_location() but a missing manifest is a configuration error.
    host::manifest_location require_manifest_location() const;
    // Loads the manifest and composes its plugins. One found in the working directory is used
    // only when trusted (`evo trust`): otherwise config_error, before any plugin is loaded.
    // `manifest_text`, when given, receives the manifest's bytes as they were parsed.
    // `when`: see host::instance_creation.
    std::unique_ptr<host::runtime> load_runtime(std::string* manifest_text = nullptr,
                                                host::instance_creation when = host::instance_creation::up_front) const;
};

// Each command adds itself to the app; its callback returns the exit code through `exit`.
using exit_slot = std::shared_ptr<int>;
void add_plugins_command(CLI::App& app, context& ctx, exit_slot exit);
void add_manifest_command(CLI::App& app, context& ctx, exit_slot exit);
void add_status_command(CLI::App& app, context& ctx, exit_slot exit);
void add_cache_command(CLI::App& app, context& ctx, exit_slot exit);
void add_gen_command(CLI::App& app, context& ctx, exit_slot exit);
void add_batch_command(CLI::App& app, context& ctx, exit_slot exit);
void add_worker_command(CLI::App& app, context& ctx, exit_slot exit);
void add_validate_command(CLI::App& app, context& ctx, exit_slot exit);
// evo rules [--json] (commands/rules.cpp).
void add_rules_command(CLI::App& app, context& ctx, exit_slot exit);
void add_bench_command(CLI::App& app, context& ctx, exit_slot exit);
void add_sandbox_command(CLI::App& app, context& ctx, exit_slot exit);
void add_trust_command(CLI::App& app, context& ctx, exit_slot exit);
// evo commands, show, history, rollback, remove (commands/store_commands.cpp).
void add_commands_command(CLI::App& app, context& ctx, exit_slot exit);
void add_show_command(CLI::App& app, context& ctx, exit_slot exit);
void add_history_command(CLI::App& app, context& ctx, exit_slot exit);
void add_log_command(CLI::App& app, context& ctx, exit_slot exit);
void add_rollback_command(CLI::App& app, context& ctx, exit_slot exit);
void add_remove_command(CLI::App& app, context& ctx, exit_slot exit);
// evo evolve NAME DESCRIPTION (commands/evolve.cpp), evo run NAME ARGS (commands/run.cpp).
void add_evolve_command(CLI::App& app, context& ctx, exit_slot exit);
void add_run_command(CLI::App& app, context& ctx, exit_slot exit);
// evo init (commands/init.cpp), evo completion SHELL (commands/completion.cpp).
void add_init_command(CLI::App& app, context& ctx, exit_slot exit);
void add_completion_command(CLI::App& app, context& ctx, exit_slot exit);

void setup_logging(const context& ctx);
bool color_enabled(int fd); // output_style.hpp: --color and NO_COLOR, the one decision

} // namespace evo::cli
