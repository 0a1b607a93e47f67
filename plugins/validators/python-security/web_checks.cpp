// Web frameworks: Django raw SQL (B610, B611); template escaping and debug servers follow.
#include "checks.hpp"

namespace evo::python_security {

namespace {

// The depth-0 pieces of a display's contents, split at `separator` (',' or ':').
std::vector<token_range> split_at_depth_zero(const module_view& m, token_range inside,
                                             std::string_view separator) {
    std::vector<token_range> pieces;
    std::uint32_t start = inside.begin;
    for (std::uint32_t i = inside.begin; i < inside.end; ++i) {
        if (m.at(i).opens_bracket() && m.partner(i) != no_token && m.partner(i) < inside.end) {
            i = m.partner(i);
        } else if (m.at(i).is_op(separator)) {
            pieces.push_back({start, i});
            start = i + 1;
        }
    }
    if (start < inside.end) pieces.push_back({start, inside.end});
    return pieces;
}

// The contents of a display opened by `open` and spanning all of `value`, or nullopt.
std::optional<token_range> display_contents(const module_view& m, token_range value,
                                            std::string_view open) {
    if (value.empty() || !m.at(value.begin).is_op(open) || m.partner(value.begin) != value.end - 1)
        return std::nullopt;
    return token_range{value.begin + 1, value.end - 1};
}

// A list display of plain strings: SQL fragments written in the code.
bool is_literal_string_list(const module_view& m, token_range value) {
    auto inside = display_contents(m, value, "[");
    if (!inside) return false;
    for (token_range element : split_at_depth_zero(m, *inside, ","))
        if (!m.is_plain_string(element)) return false;
    return true;
}

// A dict display whose keys and values are all plain strings.
bool is_literal_string_dict(const module_view& m, token_range value) {
    auto inside = display_contents(m, value, "{");
    if (!inside) return false;
    for (token_range item : split_at_depth_zero(m, *inside, ",")) {
        auto parts = split_at_depth_zero(m, item, ":");
        if (parts.size() != 2 || !m.is_plain_string(parts[0]) || !m.is_plain_string(parts[1]))
            return false;
    }
    return true;
}

} // namespace

// QuerySet.extra(select, where, params, tables, order_by, select_params): where and tables
// must be lists of literals, select a dict of literals.
void check_django_extra(const call_site& site, const module_view& m, reporter& out) {
    if (!m.names().imports_module("django")) return;
    bool unsafe = false;
    for (auto [keyword, position] : {std::pair<std::string_view, std::size_t>{"where", 1},
                                     std::pair<std::string_view, std::size_t>{"tables", 3}}) {
        const argument* sql = argument_at(site, position, keyword);
        if (sql && !is_literal_string_list(m, sql->value)) unsafe = true;
    }
    const argument* select = argument_at(site, 0, "select");
    if (select && !is_literal_string_dict(m, select->value)) unsafe = true;
    if (unsafe)
        out.report(rule::django_extra, site.anchor,
                   callee_label(site) + " takes SQL that is not a literal");
}

void check_django_rawsql(const call_site& site, const module_view& m, reporter& out) {
    const argument* sql = argument_at(site, 0, "sql");
    if (!sql || m.is_plain_string(sql->value)) return;
    out.report(rule::django_rawsql, site.anchor, "RawSQL takes SQL that is not a literal");
}

} // namespace evo::python_security
