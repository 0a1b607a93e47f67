// The shared manifest keys: defaults, the old name of idle_timeout_ms, errors naming the key.
#include "provider_kit/http_settings.hpp"
#include "provider_kit/redact.hpp"

#include <evo/plugin.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

using std::chrono::milliseconds;

namespace {

provider_kit::http_settings read(const std::string& json) {
    return provider_kit::read_http_settings(boost::json::parse(json).as_object());
}

std::string error_of(const std::string& json) {
    try {
        read(json);
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_INVALID_ARGUMENT);
        return e.what();
    }
    return "(no error)";
}

} // namespace

TEST_CASE("http settings: defaults", "[provider-kit][config]") {
    auto s = read("{}");
    CHECK(s.retry.max_retries == 3);
    CHECK(s.retry.base == milliseconds(250));
    CHECK(s.retry.max == milliseconds(8000));
    CHECK(s.timeouts.connect == milliseconds(10000));
    CHECK(s.timeouts.first_token == milliseconds(60000));
    CHECK(s.timeouts.idle == milliseconds(30000));
    CHECK(s.timeouts.total == milliseconds(120000));
}

TEST_CASE("http settings: every key read, stall_timeout_ms as idle_timeout_ms",
          "[provider-kit][config]") {
    auto s = read(R"({"max_retries": 5, "retry_base_ms": 10, "retry_max_ms": 20,
                      "connect_timeout_ms": 1, "first_token_timeout_ms": 2,
                      "idle_timeout_ms": 3, "timeout_ms": 4})");
    CHECK(s.retry.max_retries == 5);
    CHECK(s.retry.base == milliseconds(10));
    CHECK(s.retry.max == milliseconds(20));
    CHECK(s.timeouts.connect == milliseconds(1));
    CHECK(s.timeouts.first_token == milliseconds(2));
    CHECK(s.timeouts.idle == milliseconds(3));
    CHECK(s.timeouts.total == milliseconds(4));
    CHECK(read(R"({"stall_timeout_ms": 700})").timeouts.idle == milliseconds(700));
}

TEST_CASE("http settings: bad values name the key", "[provider-kit][config]") {
    CHECK(error_of(R"({"max_retries": -1})") ==
          "config: max_retries must be between 0 and 20, got -1");
    CHECK(error_of(R"({"retry_base_ms": 500, "retry_max_ms": 100})") ==
          "config: retry_max_ms must not be below retry_base_ms");
    CHECK(error_of(R"({"connect_timeout_ms": "10"})") ==
          "config: connect_timeout_ms must be an integer");
    CHECK(error_of(R"({"first_token_timeout_ms": 0})") ==
          "config: first_token_timeout_ms must be between 1 and 604800000, got 0");
    CHECK(error_of(R"({"idle_timeout_ms": 1.5})") == "config: idle_timeout_ms must be an integer");
    CHECK(error_of(R"({"stall_timeout_ms": 0})") ==
          "config: stall_timeout_ms must be between 1 and 4294967295, got 0");
    CHECK(error_of(R"({"timeout_ms": true})") == "config: timeout_ms must be an integer");
    CHECK(error_of(R"({"idle_timeout_ms": 1, "stall_timeout_ms": 2})") ==
          "config: stall_timeout_ms is the old name of idle_timeout_ms: give only one of them");
}

TEST_CASE("http settings: the schema text splices into an object", "[provider-kit][config]") {
    std::string schema = std::string("{") + provider_kit::http_settings_schema_properties() + "}";
    auto properties = boost::json::parse(schema).as_object();
    for (const char* key :
         {"max_retries", "retry_base_ms", "retry_max_ms", "connect_timeout_ms",
          "first_token_timeout_ms", "idle_timeout_ms", "stall_timeout_ms", "timeout_ms"}) {
        INFO(key);
        CHECK(properties.contains(key));
    }
    CHECK(properties.size() == 8);
    CHECK(std::string(PROVIDER_KIT_HTTP_SETTINGS_SCHEMA_PROPERTIES) ==
          provider_kit::http_settings_schema_properties());
}

TEST_CASE("redact: every occurrence of every secret", "[provider-kit][redact]") {
    CHECK(provider_kit::redacted("Incorrect API key provided: sk-canary-123. sk-canary-123!",
                                 {"sk-canary-123", ""}) ==
          "Incorrect API key provided: [redacted]. [redacted]!");
    CHECK(provider_kit::redacted("a-b-a", {"a", "b"}) == "[redacted]-[redacted]-[redacted]");
    CHECK(provider_kit::redacted("nothing here", {""}) == "nothing here");
    // A secret the mark itself contains is not replaced again inside the mark.
    CHECK(provider_kit::redacted("red red", {"red"}) == "[redacted] [redacted]");
}
