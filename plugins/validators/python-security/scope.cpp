#include "scope.hpp"

#include <array>
#include <utility>

namespace evo::python_security {

void scope::enter_body(bool class_body) {
    if (depth_ == layers_.size()) layers_.emplace_back();
    layer& added = layers_[depth_++];
    added.names.clear();
    added.globals.clear();
    added.class_body = class_body;
    added.mask = 0;
}

void scope::leave_body() {
    if (depth_ > 0) --depth_;
}

void scope::declare_global(std::string_view name) {
    if (depth_ == 0 || name.empty()) return;
    layers_[depth_ - 1].globals.insert(name);
    layers_[depth_ - 1].mask |= name_bit(name);
}

std::unordered_map<std::string_view, binding>& scope::target(std::string_view name) {
    if (depth_ == 0) return names_;
    layer& innermost = layers_[depth_ - 1];
    if (!innermost.globals.empty() && innermost.globals.contains(name)) return names_;
    innermost.mask |= name_bit(name);
    return innermost.names;
}

void scope::bind_import(std::string_view name, std::string qualified) {
    target(name)[name] = {binding_kind::qualified_name, std::move(qualified), 0, 0, 0, true};
}

void scope::bind_alias(std::string_view name, std::string qualified) {
    target(name)[name] = {binding_kind::qualified_name, std::move(qualified), 0, 0, 0, false};
}

void scope::bind_call_result(std::string_view name, std::string qualified, std::uint32_t open,
                             std::uint32_t first, std::uint32_t last) {
    target(name)[name] = {
        binding_kind::call_result, std::move(qualified), open, first, last, false};
}

void scope::bind_value(std::string_view name, std::uint32_t first, std::uint32_t last) {
    auto [it, inserted] = target(name).try_emplace(name);
    if (!inserted && it->second.from_import) return;
    it->second = {binding_kind::value, {}, 0, first, last, false};
}

const binding* scope::find(std::string_view name) const {
    for (std::size_t i = depth_; i-- > 0;) {
        const layer& body = layers_[i];
        if (body.class_body && i + 1 != depth_) continue; // methods do not see class names
        if (!(body.mask & name_bit(name))) continue;      // spares hashing the name
        if (auto local = body.names.find(name); local != body.names.end()) return &local->second;
        if (!body.globals.empty() && body.globals.contains(name)) break;
    }
    auto it = names_.find(name);
    return it == names_.end() ? nullptr : &it->second;
}

void scope::note_imported_module(std::string_view dotted) {
    while (!dotted.empty()) {
        imported_modules_.emplace(dotted);
        auto dot = dotted.rfind('.');
        dotted = dot == std::string_view::npos ? std::string_view{} : dotted.substr(0, dot);
    }
}

bool scope::imports_module(std::string_view module) const {
    return imported_modules_.contains(std::string(module));
}

std::string canonical_module(std::string_view dotted) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> aliases{
        {{"posix", "os"}, {"nt", "os"}, {"_pickle", "pickle"}}};
    for (auto [alias, canonical] : aliases) {
        if (dotted.starts_with(alias) &&
            (dotted.size() == alias.size() || dotted[alias.size()] == '.'))
            return std::string(canonical) + std::string(dotted.substr(alias.size()));
    }
    return std::string(dotted);
}

} // namespace evo::python_security
