// Loading objects from data: pickle and its relatives, marshal, YAML, torch.
#include "checks.hpp"

#include <algorithm>
#include <array>

namespace evo::python_security {

namespace {

std::string_view last_component(std::string_view qualified) {
    auto dot = qualified.rfind('.');
    return dot == std::string_view::npos ? qualified : qualified.substr(dot + 1);
}

constexpr std::array<std::string_view, 6> safe_bases{
    "SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader", "SafeConstructor", "BaseConstructor"};
constexpr std::array<std::string_view, 9> unsafe_bases{
    "Loader",        "FullLoader",  "UnsafeLoader",    "CLoader",          "CFullLoader",
    "CUnsafeLoader", "Constructor", "FullConstructor", "UnsafeConstructor"};

// A class defined in this module (`class Strict(yaml.SafeLoader): ...`, or a loader assembled
// from Reader, Scanner, ..., SafeConstructor, Resolver) whose bases name a safe loader or
// constructor, directly or through another such class, and no unsafe one.
bool is_safe_local_loader(const module_view& m, std::string_view name, int depth = 0) {
    if (name.empty() || depth > 8) return false;
    const auto& tokens = m.stream().tokens;
    for (std::uint32_t i = 0; i + 2 < tokens.size(); ++i) {
        if (!tokens[i].is_name("class") || !tokens[i + 1].is_name(name) ||
            !tokens[i + 2].is_op("("))
            continue;
        std::uint32_t close = m.partner(i + 2);
        if (close == no_token) return false;
        bool safe = false;
        for (std::uint32_t b = i + 3; b < close; ++b) {
            if (tokens[b].kind != token_kind::name) continue;
            if (is_one_of(tokens[b].text, unsafe_bases)) return false;
            if (is_one_of(tokens[b].text, safe_bases) ||
                (tokens[b].text != name && is_safe_local_loader(m, tokens[b].text, depth + 1)))
                safe = true;
        }
        return safe;
    }
    return false;
}

} // namespace

void check_pickle(const call_site& site, const module_view&, reporter& out) {
    out.report(rule::pickle_load, site.anchor,
               callee_label(site) + " can run arbitrary code while loading its input");
}

void check_marshal(const call_site& site, const module_view&, reporter& out) {
    out.report(rule::marshal_load, site.anchor,
               callee_label(site) + " loads code objects from possibly untrusted data");
}

void check_yaml_load(const call_site& site, const module_view& m, reporter& out) {
    const argument* loader = keyword_argument(site.args, "Loader");
    if (!loader) loader = positional_argument(site.args, 1);
    if (!loader) {
        out.report(rule::yaml_load, site.anchor, callee_label(site) + " without a Loader");
        return;
    }
    std::string_view name = last_component(loader->name);
    if (is_one_of(name, safe_bases) && !name.ends_with("Constructor")) return;
    if (is_safe_local_loader(m, last_chain_name(m, loader->value))) return;
    if (loader->name.empty()) {
        out.report(rule::yaml_load, site.anchor,
                   callee_label(site) + " with a loader chosen at run time", medium, medium);
        return;
    }
    out.report(rule::yaml_load, site.anchor,
               callee_label(site) + " with " + loader->name + ", which is not a safe loader");
}

void check_yaml_unsafe_load(const call_site& site, const module_view&, reporter& out) {
    out.report(rule::yaml_load, site.anchor,
               callee_label(site) + " constructs arbitrary Python objects");
}

void check_torch_load(const call_site& site, const module_view& m, reporter& out) {
    const argument* weights_only = keyword_argument(site.args, "weights_only");
    if (weights_only && literal_truth(m, weights_only->value) == true) return;
    out.report(rule::torch_load, site.anchor, callee_label(site) + " without weights_only=True");
}

} // namespace evo::python_security
