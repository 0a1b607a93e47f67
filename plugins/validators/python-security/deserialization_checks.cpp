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

} // namespace

void check_pickle(const call_site& site, const module_view&, reporter& out) {
    out.report(rule::pickle_load, site.anchor,
               callee_label(site) + " can run arbitrary code while loading its input");
}

void check_marshal(const call_site& site, const module_view&, reporter& out) {
    out.report(rule::marshal_load, site.anchor,
               callee_label(site) + " loads code objects from possibly untrusted data");
}

void check_yaml_load(const call_site& site, const module_view&, reporter& out) {
    const argument* loader = keyword_argument(site.args, "Loader");
    if (!loader) loader = positional_argument(site.args, 1);
    if (!loader) {
        out.report(rule::yaml_load, site.anchor, callee_label(site) + " without a Loader");
        return;
    }
    static constexpr std::array<std::string_view, 4> safe_loaders{"SafeLoader", "CSafeLoader",
                                                                  "BaseLoader", "CBaseLoader"};
    std::string_view name = last_component(loader->name);
    if (is_one_of(name, safe_loaders)) return;
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
