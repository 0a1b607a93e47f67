// evo manifest check [FILE]: parse, load every plugin, validate every config, create every
// instance, and report the composition.
#include "../context.hpp"

#include <evo/host/error.hpp>

#include <iostream>

namespace evo::cli {

void add_manifest_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto* cmd = app.add_subcommand("manifest", "work with manifests");
    cmd->require_subcommand(1);
    auto* check = cmd->add_subcommand("check", "load a manifest and every plugin it names");
    auto file = std::make_shared<std::string>();
    check->add_option("FILE", *file, "manifest (default: the one in use)");
    check->callback([&ctx, exit, file] {
        if (!file->empty()) ctx.manifest_option = *file;
        auto rt = ctx.load_runtime();
        std::cout << rt->config().file.string() << ": ok, " << rt->instances().size() << " plugin instances\n";
        for (const auto* inst : rt->instances())
            std::cout << "  " << inst->id() << ": " << inst->plugin().name() << ' ' << inst->plugin().descriptor.version
                      << " (" << host::kind_name(inst->kind()) << ")\n";
        *exit = 0;
    });
}

} // namespace evo::cli
