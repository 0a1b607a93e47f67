// valijson throws (rather than printing and aborting) only when asked to; evo asks, here, in
// the one file that includes it.
#define VALIJSON_USE_EXCEPTIONS 1

#include <evo/host/json_schema.hpp>

#include "deep_stack.hpp"
#include "schema_wording.hpp"

#include <boost/json.hpp>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <cmath>
#include <regex>
#include <optional>
#include <set>

namespace evo::host {
namespace {

namespace json = boost::json;

// valijson's Boost.JSON adapter counts only int64 as an integer. JSON Schema counts any
// number without a fractional part, so whole floats that fit are written as integers before
// the check. 2^63 is exact as a double; every whole double below it converts exactly.
void normalise(json::value& v) {
    switch (v.kind()) {
    case json::kind::double_: {
        double d = v.get_double();
        constexpr double limit = 9223372036854775808.0; // 2^63
        if (std::isfinite(d) && d == std::trunc(d) && d >= -limit && d < limit)
            v = static_cast<std::int64_t>(d);
        break;
    }
    case json::kind::uint64:
        // Above INT64_MAX (boost parses smaller ones as int64): the adapter would see neither
        // an integer nor a float, and range checks would not apply; as a float they do.
        v = static_cast<double>(v.get_uint64());
        break;
    case json::kind::array:
        for (auto& element : v.get_array()) normalise(element);
        break;
    case json::kind::object:
        for (auto& member : v.get_object()) normalise(member.value());
        break;
    default: break;
    }
}

// Whether normalise() would change anything in the value: a whole double or a uint64.
bool needs_normalising(const json::value& v) {
    switch (v.kind()) {
    case json::kind::double_: return true;
    case json::kind::uint64: return true;
    case json::kind::array:
        return std::any_of(v.get_array().begin(), v.get_array().end(),
                           [](const json::value& e) { return needs_normalising(e); });
    case json::kind::object:
        return std::any_of(v.get_object().begin(), v.get_object().end(),
                           [](const auto& m) { return needs_normalising(m.value()); });
    default: return false;
    }
}

// The value as normalise() makes it: itself when that changes nothing, else a normalised copy
// kept in `copy`. Copying a config and a schema for nothing was a seventh of the check.
const json::value& normalised(const json::value& v, std::optional<json::value>& copy) {
    if (!needs_normalising(v)) return v;
    copy = v;
    normalise(*copy);
    return *copy;
}

void compile(const json::value& schema, valijson::Schema& compiled) {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    try {
        parser.populateSchema(valijson::adapters::BoostJsonAdapter(schema), compiled);
    } catch (const std::exception& e) {
        throw invalid_schema(std::string("not a usable JSON Schema (draft 7): ") + e.what());
    }
}

// Regular expressions (std::regex, inside valijson) recurse once per character. With these
// bounds a pattern needs over 30 KiB of stack per character to overflow: none does.
constexpr std::size_t longest_matched_text = 4096;
constexpr std::size_t validation_stack_bytes = 128u << 20;

// Whether the schema has valijson match any text with a regular expression: "pattern",
// "patternProperties", "propertyNames" (keys), or a date/time "format".
bool matches_text(const json::value& schema) {
    if (const json::array* a = schema.if_array())
        return std::any_of(a->begin(), a->end(), [](const json::value& v) { return matches_text(v); });
    const json::object* o = schema.if_object();
    if (!o) return false;
    for (const auto& [key, value] : *o) {
        if (key == "pattern" || key == "patternProperties" || key == "propertyNames") return true;
        if (key == "format" && value.is_string() && value.get_string().starts_with("date")) return true;
        if (key == "format" && value.is_string() && value.get_string() == "time") return true;
        if (matches_text(value)) return true;
    }
    return false;
}

// The first string or key too long to match safely, as an error at its place.
std::optional<schema_error> too_long(const json::value& v, std::vector<std::string>& path) {
    auto error = [&](std::size_t size) {
        return schema_error{path, "is too long to check against the plugin's schema (" + std::to_string(size) +
                                      " bytes; at most " + std::to_string(longest_matched_text) + ")"};
    };
    if (const json::string* s = v.if_string(); s && s->size() > longest_matched_text) return error(s->size());
    if (const json::array* a = v.if_array())
        for (std::size_t i = 0; i < a->size(); ++i) {
            path.push_back(std::to_string(i));
            if (auto e = too_long((*a)[i], path)) return e;
            path.pop_back();
        }
    if (const json::object* o = v.if_object())
        for (const auto& [key, value] : *o) {
            path.emplace_back(key);
            if (key.size() > longest_matched_text) return error(key.size());
            if (auto e = too_long(value, path)) return e;
            path.pop_back();
        }
    return std::nullopt;
}

// What one failure means to the user: the specific errors, where a wrong type at a place
// hides the other complaints about that same value.
std::vector<schema_error> plain_errors(const valijson::ValidationResults& results, const json::value& instance,
                                       const json::value& schema) {
    std::vector<schema_error> specific;
    std::optional<schema_error> fallback; // the deepest failure valijson did not explain
    std::size_t fallback_depth = 0;
    std::set<std::vector<std::string>> mistyped;
    for (const auto& e : results) {
        detail::library_error error{e.context, e.description};
        auto said = detail::reword(error, instance, schema);
        if (!said) {
            if (!fallback || error.context.size() > fallback_depth)
                fallback = detail::unexplained(error), fallback_depth = error.context.size();
            continue;
        }
        if (said->message.starts_with("expected ")) mistyped.insert(said->path);
        specific.push_back(std::move(*said));
    }
    // anyOf / oneOf / not / if-then-else report their branches' complaints too: at a place
    // where such a rule failed, only its own verdict is meaningful.
    std::vector<std::vector<std::string>> combined;
    for (const auto& e : specific)
        if (e.message.starts_with(detail::combinator_prefix)) combined.push_back(e.path);
    auto under_combinator = [&](const schema_error& e) {
        if (e.message.starts_with(detail::combinator_prefix)) return false;
        return std::any_of(combined.begin(), combined.end(), [&](const auto& p) {
            return e.path.size() >= p.size() && std::equal(p.begin(), p.end(), e.path.begin());
        });
    };
    std::vector<schema_error> out;
    for (auto& e : specific)
        if (!under_combinator(e) && (!mistyped.contains(e.path) || e.message.starts_with("expected ")))
            out.push_back(std::move(e));
    if (out.empty()) out.push_back(fallback ? *fallback : schema_error{{}, "is not allowed by the plugin's config schema"});
    return out;
}

} // namespace

void normalise_numbers(json::value& value) { normalise(value); }

std::vector<schema_error> validate_schema(const json::value& instance, const json::value& schema) {
    std::optional<json::value> judged_copy, rules_copy;
    const json::value& judged = normalised(instance, judged_copy);
    const json::value& rules = normalised(schema, rules_copy);
    valijson::Schema compiled;
    compile(rules, compiled);
    const bool uses_regex = matches_text(rules);
    if (uses_regex) {
        std::vector<std::string> path;
        if (auto e = too_long(judged, path)) return {*e};
    }
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::ValidationResults results;
    bool valid = false;
    auto validate = [&] {
        try {
            valid = validator.validate(compiled, valijson::adapters::BoostJsonAdapter(judged), &results);
        } catch (const std::regex_error&) {
            throw invalid_schema("a \"pattern\" is not a valid regular expression (ECMAScript)");
        } catch (const std::exception& e) {
            throw invalid_schema(std::string("cannot be applied: ") + e.what());
        }
    };
    // A thread costs start-up time; only regular expressions need the depth.
    if (uses_regex) detail::run_on_deep_stack(validate, validation_stack_bytes);
    else validate();
    if (valid) return {};
    return plain_errors(results, instance, rules); // "got" quotes the value as written
}

void resolve_schema_paths(json::value& instance, const json::value& schema,
                          const std::function<std::string(const std::string&)>& resolve) {
    if (!schema.is_object()) return;
    const json::object& s = schema.as_object();
    if (instance.is_string()) {
        const json::value* format = s.if_contains("format");
        if (format && format->is_string() && format->as_string() == "path")
            instance = json::string(resolve(std::string(instance.as_string())));
    } else if (instance.is_object()) {
        const json::value* properties = s.if_contains("properties");
        if (!properties || !properties->is_object()) return;
        for (auto& [key, value] : instance.as_object())
            if (const json::value* p = properties->as_object().if_contains(key))
                resolve_schema_paths(value, *p, resolve);
    } else if (instance.is_array()) {
        if (const json::value* items = s.if_contains("items"))
            for (auto& element : instance.as_array()) resolve_schema_paths(element, *items, resolve);
    }
}

} // namespace evo::host
