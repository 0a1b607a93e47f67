// Web frameworks: Django raw SQL (B610, B611), debug servers (B201), HTML escaping in
// templates and markup (B308, B701-B704).
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

namespace {

// A literal cannot carry input: bandit lets constants through.
bool is_constant(const module_view& m, token_range value) {
    if (m.is_plain_string(value)) return true;
    return value.end == value.begin + 1 &&
           (m.at(value.begin).kind == token_kind::number || m.at(value.begin).is_name("None"));
}

} // namespace

void check_flask_debug(const call_site& site, const module_view& m, reporter& out) {
    const argument* debug = keyword_argument(site.args, "debug");
    if (!debug || literal_truth(m, debug->value) != true || !m.names().imports_module("flask"))
        return;
    out.report(rule::flask_debug, debug->value.begin,
               callee_label(site) + " with debug=True exposes the Werkzeug debugger");
}

void check_jinja2_environment(const call_site& site, const module_view& m, reporter& out) {
    const argument* autoescape = keyword_argument(site.args, "autoescape");
    if (!autoescape) {
        if (unpacks_arguments(site)) return;
        out.report(rule::jinja2_autoescape, site.anchor,
                   callee_label(site) + " without autoescape: Jinja2 does not escape by default");
        return;
    }
    std::optional<bool> on = literal_truth(m, autoescape->value);
    if (on == true) return;
    if (on == false) {
        out.report(rule::jinja2_autoescape, site.anchor,
                   callee_label(site) + " with autoescape=False");
        return;
    }
    // select_autoescape(...) escapes by file extension; anything else is unknown.
    if (mentions_name(m, autoescape->value, "select_autoescape")) return;
    out.report(rule::jinja2_autoescape, site.anchor,
               callee_label(site) + " with an autoescape setting that may turn escaping off", high,
               medium);
}

void check_mako_template(const call_site& site, const module_view&, reporter& out) {
    out.report(rule::mako_template, site.anchor,
               callee_label(site) + ": Mako does not escape HTML unless told to");
}

void check_mark_safe(const call_site& site, const module_view& m, reporter& out) {
    if (site.callee == "django.utils.safestring.mark_safe")
        report_blacklisted_call(rule::mark_safe, site, out);
    const argument* value = positional_argument(site.args, 0);
    if (value && !is_constant(m, value->value))
        out.report(rule::django_xss, site.anchor,
                   callee_label(site) + " marks a value that is not a literal as safe HTML");
}

void check_markup(const call_site& site, const module_view& m, reporter& out) {
    const argument* value = positional_argument(site.args, 0);
    if (!value || value->stars != 0 || is_constant(m, value->value)) return;
    out.report(rule::markup_xss, site.anchor,
               callee_label(site) + " marks a value that is not a literal as safe HTML");
}

} // namespace evo::python_security
