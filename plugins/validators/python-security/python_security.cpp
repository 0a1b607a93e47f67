// python-security: native security rules for Python source (the bandit families that matter
// for generated code, plus the dynamic forms qualified-name matching misses).
#include "analyzer.hpp"

#include <evo/plugin.hpp>

#include <array>
#include <cstddef>

namespace {

namespace pysec = evo::python_security;

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    "disabled_rules": {"type": "array", "items": {"type": "string"}, "default": [],
                       "description": "rule ids (PY-... or bandit B...) not to report"},
    "ignore_suppressions": {"type": "boolean", "default": false,
                            "description": "report findings despite # evo: ignore and # nosec"}
  },
  "additionalProperties": false
})";

pysec::options read_options(const boost::json::object& config) {
    pysec::options settings;
    settings.ignore_suppressions = evo::config_value<bool>(config, "ignore_suppressions", false);
    if (auto it = config.find("disabled_rules"); it != config.end() && it->value().is_array()) {
        for (const auto& id : it->value().as_array()) {
            std::string_view text = id.is_string() ? std::string_view(id.as_string()) : "";
            const pysec::rule_info* found = pysec::find_rule(text);
            if (!found)
                throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                                 "disabled_rules: unknown rule id '" + std::string(text) + "'");
            settings.disabled_rules.push_back(found->id);
        }
    }
    return settings;
}

class python_security final : public evo::validator {
  public:
    static constexpr evo::plugin_info info{
        "python-security",
        "1.0.0",
        "native security rules for Python: bandit's families plus dynamic forms",
        schema,
        EVO_FLAG_THREAD_SAFE};
    static constexpr evo::language languages[] = {
        {.name = "python", .aliases = "py,python3", .extensions = ".py,.pyw", .interpreters = "python"}};
    // Every rule of the catalog (rules.hpp), its strings the catalog's literals.
    static constexpr auto rules = [] {
        std::array<evo::rule, pysec::rule_catalog.size()> out{};
        for (std::size_t i = 0; i < out.size(); ++i) {
            const auto& r = pysec::rule_catalog[i];
            out[i] = {r.code.data(), r.severity, r.external_id.data(), r.summary.data(),
                      r.external_id.empty() ? "# evo: ignore[{id}]"
                                            : "# evo: ignore[{id}] or # nosec {external_id}"};
        }
        return out;
    }();

    python_security(evo::host_services, const boost::json::object& config)
        : settings_(read_options(config)) {}

    void validate(const evo::call& c, const evo::source& src,
                  const evo::finding_sink& out) override {
        c.throw_if_cancelled();
        for (auto& f : pysec::analyze(src.text, settings_))
            out.report({std::string(f.rule->code), f.severity, f.confidence, f.line, f.column,
                        std::move(f.message), std::string(f.rule->fix_hint),
                        std::string(f.rule->external_id)});
    }

  private:
    pysec::options settings_;
};

} // namespace

EVO_VALIDATOR_PLUGIN(python_security)
