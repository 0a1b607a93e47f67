#include <evo/host/json_schema.hpp>

#include <boost/json.hpp>

namespace evo::host {
namespace {

namespace json = boost::json;

const char* type_name(const json::value& v) {
    switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::int64:
    case json::kind::uint64: return "integer";
    case json::kind::double_: return "number";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
    }
    return "unknown";
}

bool has_type(const json::value& v, std::string_view type) {
    std::string_view actual = type_name(v);
    if (actual == type) return true;
    if (type == "number" && actual == "integer") return true;
    // 3.0 written in TOML is still an integer to a human.
    if (type == "integer" && v.is_double()) return v.as_double() == static_cast<double>(static_cast<int64_t>(v.as_double()));
    return false;
}

double as_number(const json::value& v) {
    if (v.is_int64()) return static_cast<double>(v.as_int64());
    if (v.is_uint64()) return static_cast<double>(v.as_uint64());
    return v.as_double();
}

class validator {
public:
    std::vector<schema_error> errors;

    void check(const json::value& v, const json::value& schema_value) {
        if (!schema_value.is_object()) return;
        const json::object& schema = schema_value.as_object();
        if (!check_type(v, schema)) return;
        check_enum(v, schema);
        check_range(v, schema);
        if (v.is_object()) check_object(v.as_object(), schema);
        if (v.is_array()) check_array(v.as_array(), schema);
    }

private:
    std::vector<std::string> path_;

    void fail(std::string message) { errors.push_back({path_, std::move(message)}); }

    bool check_type(const json::value& v, const json::object& schema) {
        const json::value* type = schema.if_contains("type");
        if (!type) return true;
        std::string expected;
        if (type->is_string()) {
            if (has_type(v, type->as_string())) return true;
            expected = type->as_string();
        } else if (type->is_array()) {
            for (const auto& t : type->as_array()) {
                if (t.is_string() && has_type(v, t.as_string())) return true;
                expected += (expected.empty() ? "" : " or ") + std::string(t.as_string());
            }
        } else {
            return true;
        }
        fail("expected " + expected + ", got " + type_name(v));
        return false;
    }

    void check_enum(const json::value& v, const json::object& schema) {
        const json::value* options = schema.if_contains("enum");
        if (!options || !options->is_array()) return;
        std::string listed;
        for (const auto& option : options->as_array()) {
            if (option == v) return;
            listed += (listed.empty() ? "" : ", ") + json::serialize(option);
        }
        fail("must be one of " + listed + ", got " + json::serialize(v));
    }

    void check_range(const json::value& v, const json::object& schema) {
        if (!v.is_number()) return;
        double n = as_number(v);
        if (const json::value* min = schema.if_contains("minimum"); min && min->is_number() && n < as_number(*min))
            fail("must be at least " + json::serialize(*min) + ", got " + json::serialize(v));
        if (const json::value* max = schema.if_contains("maximum"); max && max->is_number() && n > as_number(*max))
            fail("must be at most " + json::serialize(*max) + ", got " + json::serialize(v));
    }

    void check_object(const json::object& object, const json::object& schema) {
        if (const json::value* required = schema.if_contains("required"); required && required->is_array())
            for (const auto& key : required->as_array())
                if (key.is_string() && !object.contains(key.as_string()))
                    fail("missing required key '" + std::string(key.as_string()) + "'");
        const json::value* properties = schema.if_contains("properties");
        const json::value* additional = schema.if_contains("additionalProperties");
        for (const auto& [key, value] : object) {
            path_.emplace_back(key);
            const json::value* property = properties && properties->is_object() ? properties->as_object().if_contains(key) : nullptr;
            if (property) {
                check(value, *property);
            } else if (additional && additional->is_bool() && !additional->as_bool()) {
                fail("unknown key '" + std::string(key) + "'");
            } else if (additional && additional->is_object()) {
                check(value, *additional);
            }
            path_.pop_back();
        }
    }

    void check_array(const json::array& array, const json::object& schema) {
        if (const json::value* min = schema.if_contains("minItems"); min && min->is_number() && array.size() < as_number(*min))
            fail("needs at least " + json::serialize(*min) + " items");
        const json::value* items = schema.if_contains("items");
        if (!items) return;
        for (std::size_t i = 0; i < array.size(); ++i) {
            path_.push_back(std::to_string(i));
            check(array[i], *items);
            path_.pop_back();
        }
    }
};

} // namespace

std::vector<schema_error> validate_schema(const json::value& instance, const json::value& schema) {
    validator v;
    v.check(instance, schema);
    return std::move(v.errors);
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
