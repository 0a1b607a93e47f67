#include <evo/host/rule_selection.hpp>

#include <evo/host/runtime.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace evo::host {
namespace {

bool matches(std::string_view entry, std::string_view rule_id, std::string_view external_id) {
    return rule_id.starts_with(entry) || (!external_id.empty() && external_id.starts_with(entry));
}

bool any_matches(const std::vector<std::string>& entries, std::string_view rule_id,
                 std::string_view external_id) {
    return std::any_of(entries.begin(), entries.end(),
                       [&](const auto& e) { return matches(e, rule_id, external_id); });
}

bool digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

} // namespace

bool rule_selection::keeps(std::string_view rule_id, std::string_view external_id) const {
    if (rule_id.starts_with("EVO-")) return true;
    if (!select.empty() && !any_matches(select, rule_id, external_id)) return false;
    return !any_matches(ignore, rule_id, external_id);
}

std::size_t keep_selected(const rule_selection& selection, std::vector<finding_record>& findings) {
    if (selection.empty()) return 0;
    auto dropped = std::remove_if(findings.begin(), findings.end(), [&](const finding_record& f) {
        return !selection.keeps(f.rule_id, f.external_id);
    });
    const auto count = static_cast<std::size_t>(findings.end() - dropped);
    findings.erase(dropped, findings.end());
    return count;
}

std::vector<std::string> selection_entries(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const auto& value : values) {
        std::string_view rest = value;
        while (true) {
            auto comma = rest.find(',');
            std::string_view entry = rest.substr(0, comma);
            if (entry.empty()) throw std::invalid_argument("'" + value + "' has an empty rule id");
            if (std::any_of(entry.begin(), entry.end(),
                            [](unsigned char c) { return std::isspace(c); }))
                throw std::invalid_argument("'" + std::string(entry) +
                                            "' is not a rule id (it holds a space)");
            out.emplace_back(entry);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return out;
}

bool entry_matches_rule(std::string_view entry, const declared_rule& rule) {
    if (matches(entry, rule.id, rule.external_id)) return true;
    // A family's member: "SC2086" of the family "SC".
    return entry.starts_with(rule.id) && digits(entry.substr(rule.id.size()));
}

std::vector<std::string> unmatched_entries(const rule_selection& selection,
                                           const std::vector<declared_rule>& rules) {
    std::vector<std::string> out;
    for (const auto* list : {&selection.select, &selection.ignore})
        for (const auto& entry : *list)
            if (std::none_of(rules.begin(), rules.end(),
                             [&](const auto& r) { return entry_matches_rule(entry, r); }))
                out.push_back(entry);
    return out;
}

} // namespace evo::host
