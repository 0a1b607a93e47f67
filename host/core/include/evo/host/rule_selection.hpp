// Which findings a run keeps: [pipeline] select/ignore, or evo validate's --select/--ignore,
// as ruff has them. Applied after the caches, so a cached verdict stays complete and a changed
// selection needs no validator to run again.
#pragma once

#include <evo/host/rule_table.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

struct finding_record;

// Each entry is a rule id or a prefix of one ("PY-", "B6", "SC20"), matched against a
// finding's rule id and its external id. A finding is kept when select is empty or an entry
// of it matches, and no entry of ignore matches: ignore wins, however specific the select
// entry. The host's own findings (rule ids starting "EVO-": a validator that failed, an answer
// without tests) are always kept: they say the code was not judged, not what is wrong with it.
struct rule_selection {
    std::vector<std::string> select; // empty: every rule
    std::vector<std::string> ignore;

    bool empty() const noexcept { return select.empty() && ignore.empty(); }
    bool keeps(std::string_view rule_id, std::string_view external_id) const;
};

// Drops the findings `selection` leaves out, keeping the others' order; how many it dropped.
std::size_t keep_selected(const rule_selection& selection, std::vector<finding_record>& findings);

// "a,b" and "c" -> {"a", "b", "c"}: command-line values, comma-separated and repeatable.
// Throws std::invalid_argument for an empty entry or one holding whitespace.
std::vector<std::string> selection_entries(const std::vector<std::string>& values);

// Whether `entry` can match a finding of `rule`: a prefix of its id or external id, or, for a
// family (its id a prefix like "SC"), the family's id followed by digits ("SC2086").
bool entry_matches_rule(std::string_view entry, const declared_rule& rule);

// The entries of `selection` (select first, then ignore) that match no rule of `rules`: worth
// a warning (a typo?), not an error, since rule tables are optional.
std::vector<std::string> unmatched_entries(const rule_selection& selection,
                                           const std::vector<declared_rule>& rules);

} // namespace evo::host
