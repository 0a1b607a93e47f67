#include "settings.hpp"

#include <evo/plugin.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

namespace json = boost::json;

namespace {

anthropic::settings read(const char* config) {
    return anthropic::read_settings(json::parse(config).as_object());
}

std::string config_error(const char* config) {
    try {
        read(config);
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_INVALID_ARGUMENT);
        return e.what();
    }
    return "accepted";
}

} // namespace

TEST_CASE("settings: defaults are Anthropic's", "[anthropic][settings]") {
    anthropic::settings s = read("{}");
    CHECK(s.endpoint == "https://api.anthropic.com/v1/messages");
    CHECK(s.anthropic_version == "2023-06-01");
    CHECK(s.max_tokens == 4096);
    CHECK(s.stream);
    CHECK(s.api_key.empty());
    CHECK(s.model.empty());
}

TEST_CASE("settings: the endpoint is base_url + /v1/messages", "[anthropic][settings]") {
    anthropic::settings s = read(R"({"base_url":"http://127.0.0.1:8080/","api_key":"k",)"
                                 R"("anthropic_version":"2099-01-01","model":"claude-x",)"
                                 R"("max_tokens":100,"stream":false,"max_retries":1})");
    CHECK(s.endpoint == "http://127.0.0.1:8080/v1/messages");
    CHECK(s.api_key == "k");
    CHECK(s.anthropic_version == "2099-01-01");
    CHECK(s.model == "claude-x");
    CHECK(s.max_tokens == 100);
    CHECK_FALSE(s.stream);
    CHECK(s.http.retry.max_retries == 1);
}

TEST_CASE("settings: a bad key is named", "[anthropic][settings]") {
    CHECK_THAT(config_error(R"({"base_url":"ftp://x"})"), Catch::Contains("config: base_url"));
    CHECK_THAT(config_error(R"({"max_tokens":0})"), Catch::Contains("config: max_tokens"));
    CHECK_THAT(config_error(R"({"stream":"yes"})"), Catch::Contains("config: stream"));
    CHECK_THAT(config_error(R"({"api_key":7})"), Catch::Contains("config: api_key"));
    CHECK_THAT(config_error(R"({"anthropic_version":""})"),
               Catch::Contains("config: anthropic_version"));
}

TEST_CASE("settings: the schema is JSON naming every key", "[anthropic][settings]") {
    json::value schema = json::parse(anthropic::config_schema);
    const json::object& properties = schema.at("properties").as_object();
    for (const char* key : {"base_url", "api_key", "anthropic_version", "model", "max_tokens",
                            "stream", "max_retries", "idle_timeout_ms", "timeout_ms"})
        CHECK(properties.contains(key));
}
