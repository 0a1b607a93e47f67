// evo validate --select/--ignore: which findings count, the command line's lists replacing the
// manifest's [pipeline] select and ignore (host/core rule_selection.hpp).
#pragma once

#include <evo/host/rule_selection.hpp>
#include <evo/host/rule_table.hpp>
#include <evo/host/runtime.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace evo::cli {

struct rule_selection_options {
    std::vector<std::string> select, ignore; // as given: comma-separated, repeatable
};

void add_rule_selection_options(CLI::App& cmd, rule_selection_options& opt);

// The rules each validator of the pipeline declares, in pipeline order (evo rules lists them;
// the selection is checked against them).
struct layer_rules {
    std::string layer, plugin;
    const std::vector<host::declared_rule>* rules; // the loaded plugin's
};
std::vector<layer_rules> pipeline_rules(const host::runtime& rt);

// The run's selection, before any file is judged: each list given on the command line
// replaces the manifest's. Warns about an entry that matches no rule any validator of the
// pipeline declares. Throws config_error for a malformed entry. The caller applies it with
// host::keep_selected once the verdicts are in (from the cache or not).
host::rule_selection run_rule_selection(const host::runtime& rt, const rule_selection_options& opt);

} // namespace evo::cli
