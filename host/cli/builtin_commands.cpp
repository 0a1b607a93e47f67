#include "builtin_commands.hpp"

#include <algorithm>
#include <array>

namespace evo::cli {
namespace {

constexpr builtin_command commands[] = {
    {"gen", add_gen_command},           {"validate", add_validate_command},
    {"evolve", add_evolve_command},     {"run", add_run_command},
    {"commands", add_commands_command}, {"show", add_show_command},
    {"history", add_history_command},   {"rollback", add_rollback_command},
    {"remove", add_remove_command},     {"bench", add_bench_command},
    {"plugins", add_plugins_command},   {"manifest", add_manifest_command},
    {"status", add_status_command},     {"sandbox", add_sandbox_command},
    {"trust", add_trust_command},       {"batch", add_batch_command},
    {"cache", add_cache_command},       {"worker", add_worker_command},
    {"log", add_log_command},
    {"init", add_init_command},         {"completion", add_completion_command},
    {"rules", add_rules_command},
};

constexpr auto names = [] {
    std::array<std::string_view, std::size(commands)> all;
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = commands[i].name;
    return all;
}();

} // namespace

std::span<const builtin_command> builtin_commands() {
    return commands;
}

std::span<const std::string_view> builtin_command_names() {
    return names;
}

bool is_builtin_command(std::string_view name) {
    return name == "help" || std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace evo::cli
