#include <evo/host/rule_table.hpp>

#include "declared_struct.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <set>
#include <stdexcept>
#include <string_view>

namespace evo::host {
namespace {

// A table entry is read only as far as its writer declared it.
evo_rule copy_entry(const evo_rule* entry, const std::string& which) {
    if (!entry) throw std::invalid_argument("has a NULL " + which);
    constexpr std::size_t needed = offsetof(evo_rule, id) + sizeof(const char*);
    if (entry->struct_size < needed)
        throw std::invalid_argument("has a " + which + " too small to hold an id (struct_size " +
                                    std::to_string(entry->struct_size) + ", needs " +
                                    std::to_string(needed) + ")");
    return read_declared<evo_rule>(entry);
}

bool usable_id(std::string_view id) {
    return !id.empty() && std::none_of(id.begin(), id.end(), [](unsigned char c) {
        return std::isspace(c) || c == ',' || c == '[' || c == ']' || !std::isprint(c);
    });
}

// The rule's suppression template with its "{id}" and "{external_id}" filled in.
std::string suppression_text(const char* pattern, const std::string& id,
                             const std::string& external) {
    std::string text = pattern ? pattern : "";
    for (const auto& [key, value] :
         {std::pair<std::string_view, const std::string&>{"{id}", id}, {"{external_id}", external}})
        for (auto at = text.find(key); at != std::string::npos;
             at = text.find(key, at + value.size()))
            text.replace(at, key.size(), value);
    return text;
}

} // namespace

std::vector<declared_rule> declared_rules(const evo_validator_api& api) {
    std::vector<declared_rule> out;
    std::set<std::string, std::less<>> seen;
    for (uint32_t i = 0; api.rule_table && i < api.rule_count; ++i) {
        const std::string which = "rule_table[" + std::to_string(i) + "]";
        evo_rule entry = copy_entry(api.rule_table[i], which);
        const std::string id = entry.id ? entry.id : "";
        if (id.empty()) throw std::invalid_argument("has a " + which + " without an id");
        if (!usable_id(id))
            throw std::invalid_argument("has a " + which + " whose id '" + id +
                                        "' holds whitespace, a comma or a bracket");
        const std::string named = which + " ('" + id + "')";
        if (!entry.summary || !*entry.summary)
            throw std::invalid_argument("has a " + named + " without a summary");
        if (entry.severity < EVO_SEVERITY_INFO || entry.severity > EVO_SEVERITY_HIGH)
            throw std::invalid_argument("has a " + named + " with severity " +
                                        std::to_string(entry.severity) +
                                        " (evo_severity is 0 to 3)");
        if (!seen.insert(id).second)
            throw std::invalid_argument("declares '" + id + "' twice (again in " + which + ")");
        const std::string external = entry.external_id ? entry.external_id : "";
        out.push_back({id, entry.severity, external, entry.summary,
                       suppression_text(entry.suppression, id, external)});
    }
    return out;
}

} // namespace evo::host
