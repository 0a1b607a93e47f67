// Plugin configuration checking: JSON Schema draft 7 (valijson) with messages in plain words.
// Conformance with the official test suite is in test_json_schema_suite.cpp.
#include <evo/host/json_schema.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace json = boost::json;
using evo::host::invalid_schema;
using evo::host::normalise_numbers;
using evo::host::resolve_schema_paths;
using evo::host::schema_error;
using evo::host::validate_schema;

namespace {

std::vector<schema_error> check(const char* instance, const char* schema) {
    return validate_schema(json::parse(instance), json::parse(schema));
}

// The single violation found; fails the test when there are none or several.
schema_error only_error(const char* instance, const char* schema) {
    auto errors = check(instance, schema);
    REQUIRE(errors.size() == 1);
    return errors.front();
}

using path = std::vector<std::string>;

} // namespace

TEST_CASE("type accepts matching values and names the mismatch", "[json_schema]") {
    CHECK(check(R"("x")", R"({"type": "string"})").empty());
    CHECK(check("3", R"({"type": "integer"})").empty());
    CHECK(check("3", R"({"type": "number"})").empty());
    CHECK(check("3.5", R"({"type": "number"})").empty());
    CHECK(check("true", R"({"type": "boolean"})").empty());
    CHECK(check("[]", R"({"type": "array"})").empty());
    CHECK(check("{}", R"({"type": "object"})").empty());
    CHECK(check("null", R"({"type": "null"})").empty());
    CHECK(only_error(R"("3")", R"({"type": "integer"})").message == "expected integer, got string");
    CHECK(only_error("3.5", R"({"type": "integer"})").message == "expected integer, got number");
    CHECK(only_error("1", R"({"type": "boolean"})").message == "expected boolean, got integer");
}

TEST_CASE("a whole-valued float counts as an integer", "[json_schema]") {
    CHECK(check("3.0", R"({"type": "integer"})").empty());
}

TEST_CASE("a list of types accepts any of them", "[json_schema]") {
    const char* schema = R"({"type": ["string", "integer"]})";
    CHECK(check(R"("a")", schema).empty());
    CHECK(check("1", schema).empty());
    CHECK(only_error("true", schema).message == "expected string or integer, got boolean");
}

TEST_CASE("required keys are named when missing", "[json_schema]") {
    const char* schema = R"({"type": "object", "required": ["a", "b"]})";
    CHECK(check(R"({"a": 1, "b": 2})", schema).empty());
    auto errors = check(R"({"b": 2})", schema);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == "missing required key 'a'");
    CHECK(errors[0].path.empty());
    CHECK(check("{}", schema).size() == 2);
}

TEST_CASE("additionalProperties false rejects unknown keys by name", "[json_schema]") {
    const char* schema =
        R"({"type": "object", "properties": {"known": {}}, "additionalProperties": false})";
    CHECK(check(R"({"known": 1})", schema).empty());
    auto e = only_error(R"({"known": 1, "extra": 2})", schema);
    CHECK(e.message == "unknown key 'extra'");
    CHECK(e.path == path{"extra"});
}

TEST_CASE("unknown keys are allowed unless the schema forbids them", "[json_schema]") {
    CHECK(check(R"({"anything": 1})", R"({"type": "object", "properties": {}})").empty());
}

TEST_CASE("additionalProperties as a schema checks every unlisted value", "[json_schema]") {
    const char* schema = R"({"type": "object", "additionalProperties": {"type": "integer"}})";
    CHECK(check(R"({"a": 1, "b": 2})", schema).empty());
    auto e = only_error(R"({"a": 1, "b": "two"})", schema);
    CHECK(e.path == path{"b"});
    CHECK(e.message == "expected integer, got string");
}

TEST_CASE("enum lists the allowed values", "[json_schema]") {
    const char* schema = R"({"enum": ["messages", "prompt", 3]})";
    CHECK(check(R"("prompt")", schema).empty());
    CHECK(check("3", schema).empty());
    CHECK(only_error(R"("other")", schema).message ==
          R"(must be one of "messages", "prompt", 3, got "other")");
}

TEST_CASE("minimum and maximum bound numbers inclusively", "[json_schema]") {
    const char* schema = R"({"type": "number", "minimum": 1, "maximum": 10})";
    CHECK(check("1", schema).empty());
    CHECK(check("9.5", schema).empty());
    CHECK(check("10", schema).empty());
    CHECK(only_error("0", schema).message == "must be at least 1, got 0");
    CHECK(only_error("11", schema).message == "must be at most 10, got 11");
}

TEST_CASE("items checks every element and names its index", "[json_schema]") {
    const char* schema = R"({"type": "array", "items": {"type": "string"}, "minItems": 1})";
    CHECK(check(R"(["a", "b"])", schema).empty());
    auto e = only_error(R"(["a", 2])", schema);
    CHECK(e.path == path{"1"});
    CHECK(e.message == "expected string, got integer");
    CHECK(only_error("[]", schema).message == "needs at least 1 item");
}

TEST_CASE("errors deep inside carry the full path", "[json_schema]") {
    const char* schema = R"({"type": "object", "properties": {"servers": {"type": "array",
        "items": {"type": "object", "properties": {"port": {"type": "integer", "maximum": 65535}}}}}})";
    auto e = only_error(R"({"servers": [{"port": 80}, {"port": 70000}]})", schema);
    CHECK(e.path == path{"servers", "1", "port"});
    CHECK(e.message == "must be at most 65535, got 70000");
}

TEST_CASE("a wrong type stops further checks of that value", "[json_schema]") {
    CHECK(check(R"("x")", R"({"type": "integer", "minimum": 5, "enum": [7]})").size() == 1);
}

TEST_CASE("format path strings are resolved, others left alone", "[json_schema]") {
    json::value schema = json::parse(R"({"type": "object", "properties": {
        "cassette": {"type": "string", "format": "path"},
        "name": {"type": "string"},
        "includes": {"type": "array", "items": {"type": "string", "format": "path"}},
        "nested": {"type": "object", "properties": {"file": {"type": "string", "format": "path"}}}}})");
    json::value config = json::parse(R"({"cassette": "demo.jsonl", "name": "demo.jsonl",
        "includes": ["a", "b"], "nested": {"file": "c"}, "unlisted": "d"})");
    resolve_schema_paths(config, schema, [](const std::string& p) { return "/base/" + p; });
    CHECK(config.at("cassette") == "/base/demo.jsonl");
    CHECK(config.at("name") == "demo.jsonl");
    CHECK(config.at("includes") == json::parse(R"(["/base/a", "/base/b"])"));
    CHECK(config.at("nested").at("file") == "/base/c");
    CHECK(config.at("unlisted") == "d");
}

TEST_CASE("pattern, minLength and maxLength are enforced", "[json_schema]") {
    const char* schema = R"({"type": "string", "pattern": "^[a-z]+$", "minLength": 2, "maxLength": 4})";
    CHECK(check(R"("abc")", schema).empty());
    CHECK(only_error(R"("ABC")", schema).message == R"(must match the pattern "^[a-z]+$", got "ABC")");
    CHECK(only_error(R"("a")", schema).message == R"(must be at least 2 characters long, got "a")");
    CHECK(only_error(R"("abcde")", schema).message == R"(must be at most 4 characters long, got "abcde")");
}

TEST_CASE("oneOf, anyOf and not report their own verdict, not a branch's", "[json_schema]") {
    const char* one_of = R"({"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 0}]})";
    CHECK(check("1.5", one_of).empty());
    CHECK(only_error("-1.5", one_of).message == "does not fit any of the forms the schema allows, got -1.5");
    CHECK(only_error("\"x\"", one_of).message == R"(does not fit any of the forms the schema allows, got "x")");
    CHECK(only_error("3", one_of).message ==
          "does not fit exactly one of the forms the schema allows (it fits several), got 3");
    CHECK(only_error("true", R"({"anyOf": [{"type": "string"}, {"enum": [1]}]})").message ==
          "does not fit any of the forms the schema allows, got true");
    CHECK(only_error("1", R"({"not": {"type": "integer"}})").message ==
          "does not fit the schema: it has a form the schema forbids, got 1");
}

TEST_CASE("const, exclusive bounds and multipleOf speak the schema's numbers", "[json_schema]") {
    CHECK(only_error("2", R"({"const": 3})").message == "must be 3, got 2");
    CHECK(only_error("1.5", R"({"exclusiveMinimum": 1.5})").message == "must be greater than 1.5, got 1.5");
    CHECK(only_error("10", R"({"exclusiveMaximum": 10})").message == "must be less than 10, got 10");
    CHECK(only_error("7", R"({"multipleOf": 5})").message == "must be a multiple of 5, got 7");
    // The shortest text that is the same double, as a person writes it.
    CHECK(only_error("0.1", R"({"exclusiveMinimum": 0.30000000000000004})").message ==
          "must be greater than 0.30000000000000004, got 0.1");
}

TEST_CASE("numbers beyond every integer are judged, never undefined", "[json_schema]") {
    CHECK(only_error("1e300", R"({"type": "integer"})").message == "expected integer, got number");
    CHECK(only_error("-1e300", R"({"type": "integer"})").message == "expected integer, got number");
    CHECK(check("1e300", R"({"type": "number"})").empty());
    CHECK(only_error("1e300", R"({"maximum": 4294967295})").message == "must be at most 4294967295, got 1e+300");
    // Above INT64_MAX: a uint64 to Boost.JSON, a (huge) number to the schema.
    CHECK(only_error("18446744073709551615", R"({"maximum": 100})").message ==
          "must be at most 100, got 18446744073709551615");
    CHECK(check("9223372036854775807", R"({"type": "integer", "minimum": 0})").empty());
}

TEST_CASE("whole floats that fit are integers, for the check and for the plugin", "[json_schema]") {
    json::value v = json::parse(R"({"a": 3.0, "b": [2.5, -4.0], "c": 1e300, "d": 9.3e18})");
    normalise_numbers(v);
    CHECK(v.at("a").is_int64());
    CHECK(v.at("b").at(0).is_double());
    CHECK(v.at("b").at(1) == -4);
    CHECK(v.at("c").is_double());
    CHECK(v.at("d").is_double()); // above INT64_MAX
}

TEST_CASE("messages never show the library's own words", "[json_schema]") {
    const char* schema = R"({"type": "object", "properties": {"list": {"type": "array",
        "items": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 1}},
                  "required": ["n"], "additionalProperties": false}}}, "additionalProperties": false})";
    for (const char* instance : {R"({"list": [{"n": 0}]})", R"({"list": [{}]})", R"({"list": [{"n": 1, "x": 2}]})",
                                 R"({"list": 3})", R"({"other": 1})"}) {
        auto errors = check(instance, schema);
        REQUIRE_FALSE(errors.empty());
        for (const auto& e : errors) {
            INFO(instance << ": " << e.message);
            CHECK(e.message.find("<root>") == std::string::npos);
            CHECK(e.message.find("constraint") == std::string::npos);
            CHECK(e.message.find("Failed") == std::string::npos);
        }
    }
    CHECK(only_error(R"({"list": [{"n": 1, "x": 2}]})", schema).path == path{"list", "0", "x"});
    CHECK(only_error(R"({"list": [{}]})", schema).message == "missing required key 'n'");
}

TEST_CASE("a false schema or propertyNames still gives a place and a plain reason", "[json_schema]") {
    auto e = only_error(R"({"a": 1})", R"({"properties": {"a": false}})");
    CHECK(e.path == path{"a"});
    CHECK(e.message == "is not allowed by the plugin's config schema");
    CHECK(only_error(R"({"AB": 1})", R"({"propertyNames": {"pattern": "^[a-z]+$"}})").message ==
          "is not allowed by the plugin's config schema");
}

TEST_CASE("a schema evo cannot use is refused as such", "[json_schema]") {
    CHECK_THROWS_AS(check("1", R"({"$ref": "http://example.com/schema.json"})"), invalid_schema);
    CHECK_THROWS_AS(check(R"("x")", R"({"pattern": "("})"), invalid_schema);
    CHECK_THROWS_AS(check("1", R"({"type": 5})"), invalid_schema);
}

TEST_CASE("long text meets a pattern without overflowing the stack", "[json_schema]") {
    // std::regex recurses per character: 30 000 characters overflowed the main thread's stack.
    json::value schema = json::parse(R"({"properties": {"tag": {"type": "string", "pattern": "^(a|b|c)*$"}}})");
    json::value fits = {{"tag", std::string(4096, 'a')}};
    CHECK(validate_schema(fits, schema).empty());
    json::value long_text = {{"tag", std::string(100000, 'a')}};
    auto errors = validate_schema(long_text, schema);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == path{"tag"});
    CHECK(errors[0].message == "is too long to check against the plugin's schema (100000 bytes; at most 4096)");
    // Without any pattern in the schema, length is the schema's business alone.
    CHECK(validate_schema(long_text, json::parse(R"({"properties": {"tag": {"type": "string"}}})")).empty());
}
