#include "schema_wording.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <regex>

namespace evo::host::detail {
namespace {

namespace json = boost::json;

// ---- where the error points --------------------------------------------------------------

std::vector<std::string> path_of(const std::vector<std::string>& context) {
    std::vector<std::string> path;
    for (std::size_t i = 1; i < context.size(); ++i) { // context[0] is "<root>"
        const std::string& part = context[i];
        bool bracketed = part.size() >= 2 && part.front() == '[' && part.back() == ']';
        path.push_back(bracketed ? part.substr(1, part.size() - 2) : part);
    }
    return path;
}

const json::value* child(const json::value& v, const std::string& key) {
    if (const json::object* o = v.if_object()) return o->if_contains(key);
    if (const json::array* a = v.if_array()) {
        std::size_t index = 0;
        auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
        if (ec == std::errc() && end == key.data() + key.size() && index < a->size()) return &(*a)[index];
    }
    return nullptr;
}

const json::value* at_path(const json::value& root, const std::vector<std::string>& path) {
    const json::value* v = &root;
    for (const auto& key : path)
        if (!(v = child(*v, key))) return nullptr;
    return v;
}

// A local "$ref" ("#", "#/definitions/name"); anything else is left unresolved.
const json::value* resolved(const json::value* s, const json::value& root) {
    for (int hops = 0; s && hops < 16; ++hops) {
        const json::object* o = s->if_object();
        const json::value* ref = o ? o->if_contains("$ref") : nullptr;
        if (!ref || !ref->is_string()) return s;
        std::string_view pointer = ref->as_string();
        if (!pointer.starts_with('#')) return nullptr;
        pointer.remove_prefix(1);
        boost::system::error_code ec;
        s = root.find_pointer(pointer, ec);
    }
    return s;
}

const json::value* matching_pattern_property(const json::object& schema, const std::string& key) {
    const json::value* patterns = schema.if_contains("patternProperties");
    if (!patterns || !patterns->is_object()) return nullptr;
    for (const auto& [pattern, sub] : patterns->as_object()) {
        try {
            if (std::regex_search(key, std::regex(std::string(pattern), std::regex::ECMAScript))) return &sub;
        } catch (const std::regex_error&) {
        }
    }
    return nullptr;
}

// The schema that judged the value at `path`, following properties, patternProperties,
// additionalProperties, items and additionalItems; nullptr where that is not plain to see
// (allOf and the like): the message then does without the schema's details.
const json::value* schema_at(const json::value& root, const json::value& instance,
                             const std::vector<std::string>& path) {
    const json::value* s = resolved(&root, root);
    const json::value* v = &instance;
    for (const auto& key : path) {
        const json::object* o = s ? s->if_object() : nullptr;
        if (!o || !v) return nullptr;
        const json::value* next = nullptr;
        if (v->is_object()) {
            const json::value* props = o->if_contains("properties");
            if (props && props->is_object()) next = props->as_object().if_contains(key);
            if (!next) next = matching_pattern_property(*o, key);
            if (!next) next = o->if_contains("additionalProperties");
        } else if (v->is_array()) {
            const json::value* items = o->if_contains("items");
            if (items && items->is_array()) {
                std::size_t index = 0;
                std::from_chars(key.data(), key.data() + key.size(), index);
                next = index < items->as_array().size() ? &items->as_array()[index]
                                                        : o->if_contains("additionalItems");
            } else {
                next = items;
            }
        }
        s = resolved(next, root);
        v = child(*v, key);
    }
    return s;
}

// ---- what to say ---------------------------------------------------------------------------

const char* type_name(const json::value& v) {
    switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64: return "integer";
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "table";
    }
    return "value";
}

std::string expected_types(const json::value& type) {
    auto name = [](std::string_view t) { return t == "object" ? std::string("table") : std::string(t); };
    if (type.is_string()) return name(type.as_string());
    std::string out;
    if (type.is_array())
        for (const auto& t : type.as_array())
            if (t.is_string()) out += (out.empty() ? "" : " or ") + name(t.as_string());
    return out;
}

// A value as a person writes it: 1.5 and 1e+300, not Boost's 1.5E0 and 1E300: the shortest
// %g that reads back as the same double. (std::to_chars would do it too, but links 110 KB of
// libstdc++'s tables into an evo that must stay under 2 MB.)
std::string shown(const json::value& v) {
    if (!v.is_double()) return json::serialize(v);
    const double d = v.get_double();
    char text[32];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(text, sizeof text, "%.*g", precision, d);
        if (std::strtod(text, nullptr) == d) break;
    }
    return text;
}

// A schema keyword's value as the author wrote it, if the schema is known and has it.
std::optional<std::string> keyword(const json::value* schema, std::string_view name) {
    const json::object* o = schema ? schema->if_object() : nullptr;
    const json::value* v = o ? o->if_contains(name) : nullptr;
    if (!v) return std::nullopt;
    return shown(*v);
}

// The first number in valijson's sentence ("... than or equal to 10.000000"), without the
// zeros std::to_string pads it with: used when the schema itself is out of sight.
std::string number_in(const std::string& text) {
    auto start = text.find_first_of("-0123456789");
    if (start == std::string::npos) return "?";
    auto end = text.find_first_not_of("-0123456789.e+", start);
    std::string n = text.substr(start, end - start);
    if (n.find('.') != std::string::npos && n.find('e') == std::string::npos) {
        while (n.back() == '0') n.pop_back();
        if (n.back() == '.') n.pop_back();
    }
    return n;
}

std::string quoted_in(const std::string& text) {
    auto first = text.find('\'');
    auto last = text.rfind('\'');
    return first == std::string::npos || last <= first ? std::string() : text.substr(first + 1, last - first - 1);
}

bool starts(const std::string& text, std::string_view prefix) { return text.starts_with(prefix); }

std::string plural(const std::string& count, const char* noun) {
    return count + " " + noun + (count == "1" ? "" : "s");
}

bool is_wrapper(const std::string& d) {
    return starts(d, "Failed to validate against schema associated with property name") ||
           starts(d, "Failed to validate against schema associated with pattern") ||
           starts(d, "Failed to validate against additional properties schema") ||
           starts(d, "Failed to validate against child schema #") ||
           starts(d, "Failed to validate against dependent schema") ||
           starts(d, "Failed to validate item #");
}

} // namespace

std::optional<schema_error> reword(const library_error& error, const json::value& instance,
                                   const json::value& schema) {
    const std::string& d = error.description;
    if (is_wrapper(d)) return std::nullopt;
    schema_error out{path_of(error.context), {}};
    const json::value* value = at_path(instance, out.path);
    const json::value* judge = schema_at(schema, instance, out.path);
    const std::string got = value ? ", got " + shown(*value) : std::string();
    auto bound = [&](std::string_view name) { return keyword(judge, name).value_or(number_in(d)); };

    if (starts(d, "Value type not permitted")) {
        auto type = judge && judge->is_object() ? judge->as_object().if_contains("type") : nullptr;
        std::string expected = type ? expected_types(*type) : std::string();
        out.message = expected.empty() ? std::string("has a type the schema does not allow")
                                       : "expected " + expected;
        if (value) out.message += std::string(", got ") + type_name(*value);
    } else if (starts(d, "Failed to match against any enum values")) {
        std::string listed;
        const json::value* options = judge && judge->is_object() ? judge->as_object().if_contains("enum") : nullptr;
        if (options && options->is_array())
            for (const auto& option : options->as_array())
                listed += (listed.empty() ? "" : ", ") + shown(option);
        out.message = (listed.empty() ? std::string("is not one of the allowed values") : "must be one of " + listed) + got;
    } else if (starts(d, "Failed to match expected value set by 'const'")) {
        auto expected = keyword(judge, "const");
        out.message = (expected ? "must be " + *expected : std::string("is not the allowed value")) + got;
    } else if (starts(d, "Expected number greater than or equal to")) {
        out.message = "must be at least " + bound("minimum") + got;
    } else if (starts(d, "Expected number greater than")) {
        out.message = "must be greater than " + bound("exclusiveMinimum") + got;
    } else if (starts(d, "Expected number less than or equal to")) {
        out.message = "must be at most " + bound("maximum") + got;
    } else if (starts(d, "Expected number less than")) {
        out.message = "must be less than " + bound("exclusiveMaximum") + got;
    } else if (starts(d, "Value should be a multiple of") || starts(d, "Value could not be converted")) {
        out.message = "must be a multiple of " + bound("multipleOf") + got;
    } else if (starts(d, "String should be no fewer than")) {
        out.message = "must be at least " + plural(bound("minLength"), "character") + " long" + got;
    } else if (starts(d, "String should be no more than")) {
        out.message = "must be at most " + plural(bound("maxLength"), "character") + " long" + got;
    } else if (starts(d, "Failed to match regex specified by 'pattern'")) {
        auto pattern = keyword(judge, "pattern");
        out.message = (pattern ? "must match the pattern " + *pattern : std::string("does not match the required pattern")) + got;
    } else if (starts(d, "String should be a valid date-time")) {
        out.message = "must be a date and time (RFC 3339, e.g. 2024-05-01T12:00:00Z)" + got;
    } else if (starts(d, "String should be a valid date")) {
        out.message = "must be a date (YYYY-MM-DD)" + got;
    } else if (starts(d, "String should be a valid time")) {
        out.message = "must be a time (HH:MM:SS, RFC 3339)" + got;
    } else if (starts(d, "Array should contain no fewer than")) {
        out.message = "needs at least " + plural(bound("minItems"), "item");
    } else if (starts(d, "Array should contain no more than") || starts(d, "Array contains more items than allowed") ||
               starts(d, "Cannot validate item #")) {
        auto most = keyword(judge, "maxItems");
        out.message = most ? "takes at most " + plural(*most, "item") : std::string("has more items than allowed");
    } else if (starts(d, "Elements at indexes #")) {
        out.message = "has repeated items; each must be different";
    } else if (starts(d, "Failed to any values against subschema in 'contains'")) {
        out.message = "has no item of the required kind";
    } else if (starts(d, "Object should have no fewer than")) {
        out.message = "needs at least " + plural(bound("minProperties"), "key");
    } else if (starts(d, "Object should have no more than")) {
        out.message = "takes at most " + plural(bound("maxProperties"), "key");
    } else if (starts(d, "Missing required property")) {
        out.message = "missing required key '" + quoted_in(d) + "'";
    } else if (starts(d, "Missing dependency")) {
        out.message = "missing key '" + quoted_in(d) + "', which another key set here requires";
    } else if (starts(d, "Object contains a property that could not be validated")) {
        std::string key = quoted_in(d.substr(d.find(':')));
        out.path.push_back(key);
        out.message = "unknown key '" + key + "'";
    } else if (starts(d, "Failed to validate against any schemas allowed by anyOf") ||
               starts(d, "Failed to validate against any child schemas allowed by oneOf")) {
        out.message = std::string(combinator_prefix) + "any of the forms the schema allows" + got;
    } else if (starts(d, "Failed to validate against exactly one child schema")) {
        out.message = std::string(combinator_prefix) + "exactly one of the forms the schema allows (it fits several)" + got;
    } else if (starts(d, "Target should not validate against schema specified in 'not'")) {
        out.message = std::string(combinator_prefix) + "the schema: it has a form the schema forbids" + got;
    } else if (starts(d, "Failed to validate against a conditional schema")) {
        out.message = std::string(combinator_prefix) + "the schema's condition for it (if/then/else)" + got;
    } else {
        // valijson sentences the cases above do not know: say so plainly rather than quote it.
        out.message = "is not allowed by the plugin's config schema" + got;
    }
    return out;
}

schema_error unexplained(const library_error& error) {
    schema_error out{path_of(error.context), "is not allowed by the plugin's config schema"};
    const std::string& d = error.description;
    if (starts(d, "Failed to validate against schema associated with property name") ||
        starts(d, "Failed to validate item #"))
        out.path.push_back(starts(d, "Failed to validate item #") ? number_in(d) : quoted_in(d));
    return out;
}

} // namespace evo::host::detail
