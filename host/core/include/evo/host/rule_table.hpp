// The rules a validator declares (evo_rule, ABI 1.4): what `evo rules` lists and what
// --select/--ignore entries are checked against.
#pragma once

#include <evo/plugin.h>

#include <string>
#include <vector>

namespace evo::host {

// The host's copy of one evo_rule. A family (an open-ended set of ids such as shellcheck's
// SC codes) is one rule whose id is the prefix its findings start with.
struct declared_rule {
    std::string id;
    int severity = EVO_SEVERITY_MEDIUM;
    std::string external_id; // empty when none
    std::string summary;
    std::string suppression; // the comment that silences it, "{id}" replaced; empty: none
};

// The rules of a validator's function table, in its order; empty when it declares none (a
// plugin older than 1.4 included). Throws std::invalid_argument with a reason naming the
// entry (rule_table[N]) when the table is malformed: a NULL entry, one too small to hold its
// id, an empty id or summary, an id with whitespace or a comma, a severity out of range, or
// an id declared twice.
std::vector<declared_rule> declared_rules(const evo_validator_api& api);

} // namespace evo::host
