// evo rules [--json]: every rule each validator of the manifest's pipeline declares (its
// rule_table, ABI 1.4), with the layer that reports it and how to suppress it.
#include "../context.hpp"
#include "../rule_selection_options.hpp"
#include "../table.hpp"

#include <evo/host/manifest.hpp>
#include <evo/host/plugin_instance.hpp>
#include <evo/host/rule_table.hpp>

#include <boost/json.hpp>

#include <iostream>

namespace evo::cli {
namespace {

namespace json = boost::json;

// How a finding of `r` is kept out of a report: the comment its validator declares it reads
// (docs/suppressions.md); a baseline (validate --baseline) hides any finding.
std::string how_to_suppress(const host::declared_rule& r) {
    return r.suppression.empty() ? "no comment silences it" : r.suppression;
}

json::array as_json(const std::vector<layer_rules>& layers) {
    json::array out;
    for (const auto& l : layers) {
        if (l.rules->empty())
            out.push_back({{"layer", l.layer}, {"plugin", l.plugin}, {"declares_rules", false}});
        for (const auto& r : *l.rules)
            out.push_back({{"id", r.id},
                           {"layer", l.layer},
                           {"plugin", l.plugin},
                           {"severity", host::severity_name(r.severity)},
                           {"external_id", r.external_id},
                           {"summary", r.summary},
                           {"suppression", how_to_suppress(r)}});
    }
    return out;
}

int run_rules(const context& ctx, bool json_out) {
    // Nothing is started: only the plugins' static tables are read.
    auto rt = ctx.load_runtime(nullptr, host::instance_creation::on_first_use);
    const auto layers = pipeline_rules(*rt);
    if (json_out) {
        std::cout << json::serialize(as_json(layers)) << '\n';
        return 0;
    }
    table t({"ID", "LAYER", "SEVERITY", "EXTERNAL", "SUPPRESS WITH", "SUMMARY"});
    std::vector<std::string> without;
    for (const auto& l : layers) {
        if (l.rules->empty()) without.push_back(l.layer + " (" + l.plugin + ") declares no rules");
        for (const auto& r : *l.rules)
            t.add({r.id, l.layer, host::severity_name(r.severity),
                   r.external_id.empty() ? "-" : r.external_id, how_to_suppress(r), r.summary});
    }
    t.print(std::cout);
    for (const auto& line : without)
        std::cout << line << '\n';
    return 0;
}

} // namespace

void add_rules_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto* cmd = app.add_subcommand(
        "rules", "list every rule the pipeline's validators report, and how to suppress each");
    auto as_json = std::make_shared<bool>(false);
    cmd->add_flag("--json", *as_json, "one JSON array of rules");
    cmd->callback([&ctx, exit, as_json] { *exit = run_rules(ctx, *as_json); });
}

} // namespace evo::cli
