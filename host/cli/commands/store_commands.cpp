// The commands over the command store: evo commands, show, history, rollback, remove. They
// need no manifest and load no plugin; a missing command or version exits 2
// (command_not_found_error, main.cpp), a store that cannot be used exits 3.
#include "../context.hpp"
#include "../table.hpp"

#include <evo/host/command_store.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <iostream>
#include <optional>

namespace evo::cli {
namespace {

namespace json = boost::json;
using host::command_store;

// Reading commands open the store read-only: looking creates nothing.
command_store reading() {
    return command_store(command_store::default_path(), true);
}
// Rollback and remove change a command that exists: with no store at all, there is none, and
// the refusal need not create one.
command_store changing(const std::string& name) {
    auto path = command_store::default_path();
    if (!std::filesystem::exists(path)) throw host::command_not_found_error("no command " + name);
    return command_store(path, false);
}

// A stored JSON field as JSON when it parses, else as the text it is.
json::value json_field(const std::string& text) {
    if (text.empty()) return nullptr;
    boost::system::error_code ec;
    json::value parsed = json::parse(text, ec);
    return ec ? json::value(text) : parsed;
}

json::object describe(const host::command_version& v) {
    return {{"name", v.name},
            {"version", v.version},
            {"language", v.language},
            {"description", v.description},
            {"sha256", v.sha256},
            {"runner", v.runner},
            {"file", v.file},
            {"provider", v.provider},
            {"model", v.model},
            {"manifest_sha256", v.manifest_sha256},
            {"created_at", v.created_at},
            {"permissions", json_field(v.permissions)},
            {"report", json_field(v.report)},
            {"request", json_field(v.request)},
            {"code", v.code},
            {"tests", v.tests}};
}

std::string version_text(int version) {
    return version == 0 ? "-" : std::to_string(version);
}

int list_commands(bool as_json) {
    const auto commands = reading().list();
    if (as_json) {
        json::array found;
        for (const auto& c : commands)
            found.push_back(json::object{{"name", c.name},
                                         {"version", c.version},
                                         {"language", c.language},
                                         {"description", c.description}});
        std::cout << json::serialize(found) << '\n';
        return 0;
    }
    if (commands.empty()) {
        std::cout << "no commands yet (evo evolve NAME \"DESCRIPTION\" makes one)\n";
        return 0;
    }
    table out({"NAME", "VERSION", "LANGUAGE", "DESCRIPTION"});
    for (const auto& c : commands)
        out.add({c.name, std::to_string(c.version), c.language, c.description});
    out.print(std::cout);
    return 0;
}

struct show_options {
    std::string name;
    std::optional<int> version;
    bool as_json = false;
};

int show(const show_options& opt) {
    auto store = reading();
    auto found = opt.version ? store.version(opt.name, *opt.version) : store.current(opt.name);
    if (!found) {
        if (opt.version && store.current(opt.name))
            throw host::command_not_found_error(opt.name + " has no version " +
                                                std::to_string(*opt.version));
        throw host::command_not_found_error("no command " + opt.name);
    }
    if (opt.as_json)
        std::cout << json::serialize(describe(*found)) << '\n';
    else
        std::cout.write(found->code.data(), static_cast<std::streamsize>(found->code.size()));
    return 0;
}

int history(const std::optional<std::string>& name, bool as_json) {
    const auto entries =
        reading().history(name ? std::optional<std::string_view>(*name) : std::nullopt);
    if (name && entries.empty()) throw host::command_not_found_error("no command " + *name);
    if (as_json) {
        json::array out;
        for (const auto& e : entries)
            out.push_back(json::object{{"id", e.id},
                                       {"name", e.name},
                                       {"action", e.action},
                                       {"version", e.version},
                                       {"previous", e.previous},
                                       {"at", e.at}});
        std::cout << json::serialize(out) << '\n';
        return 0;
    }
    if (entries.empty()) {
        std::cout << "no history yet\n";
        return 0;
    }
    table out({"TIME", "NAME", "ACTION", "VERSION"});
    for (const auto& e : entries)
        out.add(
            {e.at, e.name, e.action, version_text(e.previous) + " -> " + version_text(e.version)});
    out.print(std::cout);
    return 0;
}

// The current version as the history says, without reading (and checking) its code.
int current_number(const command_store& store, const std::string& name) {
    const auto entries = store.history(name);
    return entries.empty() ? 0 : entries.back().version;
}

int rollback(const std::string& name, std::optional<int> to, bool as_json) {
    auto store = changing(name);
    const int before = current_number(store, name);
    const int now = store.rollback(name, to);
    if (as_json)
        std::cout << json::serialize(json::object{{"name", name}, {"previous", before}, {"version", now}}) << '\n';
    else
        std::cout << name << ": version " << version_text(before) << " -> " << now << '\n';
    return 0;
}

int remove(const std::string& name, bool as_json) {
    auto store = changing(name);
    const int was = current_number(store, name);
    store.remove(name);
    if (as_json) {
        std::cout << json::serialize(json::object{{"name", name}, {"removed", true}, {"was_version", was}}) << '\n';
        return 0;
    }
    std::cout << name << ": removed (was version " << was << "; evo rollback " << name
              << " restores it)\n";
    return 0;
}

} // namespace

void add_commands_command(CLI::App& app, context&, exit_slot exit) {
    auto as_json = std::make_shared<bool>(false);
    auto* commands = app.add_subcommand(
        "commands", "the evolved commands: name, current version, language, description");
    commands->add_flag("--json", *as_json, "machine-readable output");
    commands->callback([exit, as_json] { *exit = list_commands(*as_json); });
}

void add_show_command(CLI::App& app, context&, exit_slot exit) {
    auto show_opt = std::make_shared<show_options>();
    auto* show_cmd =
        app.add_subcommand("show", "an evolved command's code (its metadata with --json)");
    show_cmd->add_option("NAME", show_opt->name, "the command")->required();
    show_cmd->add_option("--version", show_opt->version, "that version rather than the current one")
        ->check(CLI::PositiveNumber);
    show_cmd->add_flag("--json", show_opt->as_json, "metadata, code and tests as one JSON object");
    show_cmd->callback([exit, show_opt] { *exit = show(*show_opt); });
}

void add_history_command(CLI::App& app, context&, exit_slot exit) {
    auto history_name = std::make_shared<std::optional<std::string>>();
    auto history_json = std::make_shared<bool>(false);
    auto* history_cmd =
        app.add_subcommand("history", "what changed in the evolved commands, oldest first");
    history_cmd->add_option("NAME", *history_name, "only this command");
    history_cmd->add_flag("--json", *history_json, "machine-readable output");
    history_cmd->callback(
        [exit, history_name, history_json] { *exit = history(*history_name, *history_json); });
}

void add_rollback_command(CLI::App& app, context&, exit_slot exit) {
    auto rollback_name = std::make_shared<std::string>();
    auto rollback_to = std::make_shared<std::optional<int>>();
    auto* rollback_cmd =
        app.add_subcommand("rollback", "make an earlier version of an evolved command current");
    rollback_cmd->add_option("NAME", *rollback_name, "the command")->required();
    rollback_cmd
        ->add_option("--to", *rollback_to, "this version (default: the one before the current)")
        ->check(CLI::PositiveNumber);
    auto rollback_json = std::make_shared<bool>(false);
    rollback_cmd->add_flag("--json", *rollback_json, "machine-readable output");
    rollback_cmd->callback([exit, rollback_name, rollback_to, rollback_json] {
        *exit = rollback(*rollback_name, *rollback_to, *rollback_json);
    });
}

void add_remove_command(CLI::App& app, context&, exit_slot exit) {
    auto remove_name = std::make_shared<std::string>();
    auto* remove_cmd =
        app.add_subcommand("remove", "remove an evolved command (its versions and history stay)");
    remove_cmd->add_option("NAME", *remove_name, "the command")->required();
    auto remove_json = std::make_shared<bool>(false);
    remove_cmd->add_flag("--json", *remove_json, "machine-readable output");
    remove_cmd->callback([exit, remove_name, remove_json] { *exit = remove(*remove_name, *remove_json); });
}

} // namespace evo::cli
