// evo manifest check [FILE]: parse, load every plugin, validate every config, create every
// instance, and report the composition.
#include "../context.hpp"
#include "../wording.hpp"

#include <boost/json.hpp>

#include <evo/host/error.hpp>

#include <iostream>

namespace evo::cli {

void add_manifest_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto* cmd = app.add_subcommand("manifest", "work with manifests");
    cmd->require_subcommand(1);
    auto* check = cmd->add_subcommand("check", "load a manifest and every plugin it names");
    auto file = std::make_shared<std::string>();
    check->add_option("FILE", *file, "manifest (default: the one in use)");
    auto as_json = std::make_shared<bool>(false);
    check->add_flag("--json", *as_json, "print the composition as one JSON object on stdout");
    check->callback([&ctx, exit, file, as_json] {
        if (!file->empty()) ctx.manifest_option = *file;
        auto rt = ctx.load_runtime();
        if (*as_json) {
            boost::json::array instances;
            for (const auto* inst : rt->instances())
                instances.push_back({{"id", inst->id()},
                                     {"plugin", inst->plugin().name()},
                                     {"version", inst->plugin().descriptor.version},
                                     {"kind", host::kind_name(inst->kind())}});
            std::cout << boost::json::serialize(boost::json::object{
                             {"manifest", rt->config().file.string()}, {"ok", true}, {"instances", instances}})
                      << '\n';
            *exit = 0;
            return;
        }
        std::cout << rt->config().file.string() << ": ok, " << plural(rt->instances().size(), "plugin instance") << '\n';
        for (const auto* inst : rt->instances())
            std::cout << "  " << inst->id() << ": " << inst->plugin().name() << ' ' << inst->plugin().descriptor.version
                      << " (" << host::kind_name(inst->kind()) << ")\n";
        *exit = 0;
    });
}

} // namespace evo::cli
