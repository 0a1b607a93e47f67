// The JSON Schema subset that checks plugin configuration.
#include <evo/host/json_schema.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace json = boost::json;
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
    CHECK(only_error("[]", schema).message == "needs at least 1 items");
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
