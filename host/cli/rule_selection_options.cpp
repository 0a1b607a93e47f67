#include "rule_selection_options.hpp"

#include "stderr_line.hpp"

#include <evo/host/error.hpp>
#include <evo/host/plugin_instance.hpp>
#include <evo/host/rule_selection.hpp>

#include <stdexcept>

namespace evo::cli {
namespace {

std::vector<std::string> entries(const std::vector<std::string>& given, const char* option) {
    try {
        return host::selection_entries(given);
    } catch (const std::invalid_argument& e) {
        throw host::config_error(std::string(option) + ": " + e.what());
    }
}

} // namespace

std::vector<layer_rules> pipeline_rules(const host::runtime& rt) {
    std::vector<layer_rules> out;
    for (const auto& id : rt.config().pipeline.validators)
        if (const host::plugin_instance* inst = rt.find(id)) {
            const host::loaded_plugin& p = inst->plugin();
            out.push_back({id, p.name(), &p.rules});
        }
    return out;
}

void add_rule_selection_options(CLI::App& cmd, rule_selection_options& opt) {
    cmd.add_option("--select", opt.select,
                   "keep only findings whose rule id or external id starts with one of IDS "
                   "(comma-separated, repeatable; replaces [pipeline] select)")
        ->type_name("IDS");
    cmd.add_option("--ignore", opt.ignore,
                   "drop findings whose rule id or external id starts with one of IDS "
                   "(comma-separated, repeatable; replaces [pipeline] ignore)")
        ->type_name("IDS");
}

host::rule_selection run_rule_selection(const host::runtime& rt,
                                        const rule_selection_options& opt) {
    host::rule_selection selection = rt.config().pipeline.selection;
    if (!opt.select.empty()) selection.select = entries(opt.select, "--select");
    if (!opt.ignore.empty()) selection.ignore = entries(opt.ignore, "--ignore");
    if (selection.empty()) return selection;
    std::vector<host::declared_rule> declared;
    for (const auto& l : pipeline_rules(rt))
        declared.insert(declared.end(), l.rules->begin(), l.rules->end());
    for (const auto& entry : host::unmatched_entries(selection, declared))
        stderr_warning("'" + entry +
                           "' matches no rule the pipeline's validators declare (see evo rules)",
                       {{"entry", entry}});
    return selection;
}

} // namespace evo::cli
