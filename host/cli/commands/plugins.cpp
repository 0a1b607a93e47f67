// evo plugins [--json] | evo plugins inspect FILE | evo plugins install FILE [--force]
// | evo plugins new KIND NAME [DIR]
#include "../context.hpp"
#include "../plugin_install.hpp"
#include "../plugin_scaffold.hpp"
#include "../stderr_line.hpp"
#include "../table.hpp"

#include <evo/host/error.hpp>
#include <evo/host/plugin_loader.hpp>

#include <boost/json.hpp>

#include <iostream>

namespace evo::cli {
namespace {

namespace json = boost::json;

json::object describe(const host::loaded_plugin& p) {
    const auto& d = p.descriptor;
    json::object o{{"name", d.name},
                   {"version", d.version},
                   {"kind", host::kind_name(d.kind)},
                   {"abi", p.abi()},
                   {"description", d.description},
                   {"file", p.file.string()},
                   {"thread_safe", (d.flags & EVO_FLAG_THREAD_SAFE) != 0}};
    if (d.kind == EVO_KIND_VALIDATOR) o["runs_tests"] = (d.flags & EVO_FLAG_RUNS_TESTS) != 0;
    if (d.kind == EVO_KIND_VALIDATOR) {
        o["languages"] = p.api.validator.languages;
        json::array table;
        auto list = [](const std::vector<std::string>& items) { return json::array(items.begin(), items.end()); };
        for (const auto& l : p.languages) {
            json::object entry{{"name", l.name},
                               {"aliases", list(l.aliases)},
                               {"extensions", list(l.extensions)},
                               {"interpreters", list(l.interpreters)}};
            if (l.command) // a command contract (ABI 1.2): what evo evolve asks for and runs
                entry["command"] = {{"file", l.command->file},
                                    {"test_file", l.command->test_file},
                                    {"runner", l.command->runner},
                                    {"test_instructions", l.command->test_instructions}};
            table.push_back(std::move(entry));
        }
        o["language_table"] = std::move(table);
    }
    return o;
}

std::vector<host::plugin_dir> search_dirs(const context& ctx) {
    std::vector<std::filesystem::path> from_manifest;
    if (auto path = ctx.manifest_path(); path && !ctx.manifest_option.empty())
        from_manifest = host::load_manifest(*path).plugin_path;
    return host::plugin_search_dirs(from_manifest, ctx.install.plugin_dir);
}

// Which directory of the search path a listed file came from: "user", "installation", ...
const char* origin_of(const std::filesystem::path& file, const std::vector<host::plugin_dir>& dirs) {
    for (const auto& d : dirs)
        if (d.dir == file.parent_path()) return d.origin;
    return "";
}

int list_plugins(const context& ctx, bool as_json) {
    json::array found;
    table t({"NAME", "VERSION", "KIND", "ABI", "DESCRIPTION", "FILE"});
    int broken = 0;
    const auto dirs = search_dirs(ctx);
    std::vector<std::filesystem::path> path;
    for (const auto& d : dirs) path.push_back(d.dir);
    for (const auto& file : host::list_plugin_files(path)) {
        try {
            const auto& p = host::load_plugin(file);
            found.push_back(describe(p));
            found.back().as_object()["found_in"] = origin_of(file, dirs);
            t.add({p.descriptor.name, p.descriptor.version, host::kind_name(p.descriptor.kind), p.abi(),
                   p.descriptor.description, file.string()});
        } catch (const host::config_error& e) {
            ++broken;
            found.push_back({{"file", file.string()}, {"found_in", origin_of(file, dirs)}, {"error", e.what()}});
            t.add({file.filename().string(), "-", "-", "-", std::string("cannot load: ") + e.what(), file.string()});
        }
    }
    if (as_json) std::cout << json::serialize(found) << '\n';
    else t.print(std::cout);
    return broken ? static_cast<int>(host::exit_code::usage) : 0;
}

// Every problem the loader would refuse the file for, one line each, exit 2; else the descriptor.
int inspect(const std::string& file) {
    host::plugin_check check = host::check_plugin_file(file);
    for (const auto& problem : check.problems) stderr_error(problem);
    if (!check.plugin) return static_cast<int>(host::exit_code::usage);
    const auto& p = *check.plugin;
    json::object o = describe(p);
    if (p.descriptor.config_schema) o["config_schema"] = json::parse(p.descriptor.config_schema);
    else o["config_schema"] = nullptr;
    std::cout << json::serialize(o) << '\n';
    return 0;
}

} // namespace

void add_plugins_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto* cmd = app.add_subcommand("plugins", "list every plugin found in the plugin search path");
    auto as_json = std::make_shared<bool>(false);
    cmd->add_flag("--json", *as_json, "machine-readable output");
    auto* inspect_cmd = cmd->add_subcommand("inspect", "load one plugin file and print its descriptor");
    auto file = std::make_shared<std::string>();
    inspect_cmd->add_option("FILE", *file, "plugin shared library")->required();
    inspect_cmd->callback([exit, file] { *exit = inspect(*file); });
    auto* install_cmd = cmd->add_subcommand(
        "install", "check a built plugin as the loader will and copy it into the user's plugin directory");
    auto install_file = std::make_shared<std::string>();
    auto force = std::make_shared<bool>(false);
    install_cmd->add_option("FILE", *install_file, "plugin shared library (evo-NAME.so)")->required();
    install_cmd->add_flag("--force", *force, "replace a different plugin of the same name");
    install_cmd->callback([exit, install_file, force] { *exit = install_plugin(*install_file, *force); });
    auto* new_cmd = cmd->add_subcommand(
        "new", "write a ready plugin project: CMakeLists, the plugin, its tests, an example manifest, a README");
    auto scaffold = std::make_shared<scaffold_request>();
    new_cmd->add_option("KIND", scaffold->kind, "provider, validator, cache or scheduler")->required();
    new_cmd->add_option("NAME", scaffold->name, "the plugin's name (lowercase, digits, '-'): evo-NAME.so")->required();
    new_cmd->add_option("DIR", scaffold->dir, "where (a new or empty directory; default ./NAME)");
    new_cmd->add_flag("--json", scaffold->as_json, "machine-readable output");
    new_cmd->callback([&ctx, exit, scaffold] { *exit = write_plugin_project(*scaffold, ctx.install); });
    cmd->callback([cmd, &ctx, exit, as_json] {
        if (cmd->get_subcommands().empty()) *exit = list_plugins(ctx, *as_json);
    });
}

} // namespace evo::cli
