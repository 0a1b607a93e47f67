#include "chat_request.hpp"
#include "settings.hpp"

#include <evo/plugin.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

namespace json = boost::json;

namespace {

const std::string normalized =
    R"({"model":"default","messages":[{"role":"user","content":"hi"}],"temperature":0.2,)"
    R"("max_tokens":64,"language":"python","contract":{"args":[]},"top_p":null})";

json::object body_of(const std::string& model, bool stream) {
    return json::parse(openai::chat_request_body(normalized, model, stream)).as_object();
}

evo_status config_status(const char* config) {
    try {
        openai::read_settings(json::parse(config).as_object());
    } catch (const evo::error& e) {
        return e.status();
    }
    return EVO_OK;
}

std::string config_error(const char* config) {
    try {
        openai::read_settings(json::parse(config).as_object());
    } catch (const evo::error& e) {
        return e.what();
    }
    return "accepted";
}

} // namespace

TEST_CASE("request: OpenAI parameters pass, evo's own keys and nulls do not", "[openai][request]") {
    json::object body = body_of("", false);
    CHECK(body.at("model") == "default");
    CHECK(body.at("temperature") == 0.2);
    CHECK(body.at("max_tokens") == 64);
    CHECK(body.at("messages").as_array().size() == 1);
    CHECK(body.at("stream") == false);
    CHECK_FALSE(body.contains("language"));
    CHECK_FALSE(body.contains("contract"));
    CHECK_FALSE(body.contains("top_p"));
    CHECK_FALSE(body.contains("stream_options"));
}

TEST_CASE("request: the configured model wins; a stream asks for usage", "[openai][request]") {
    json::object body = body_of("gpt-x", true);
    CHECK(body.at("model") == "gpt-x");
    CHECK(body.at("stream") == true);
    CHECK(body.at("stream_options").at("include_usage") == true);
}

TEST_CASE("request: a request without messages is refused", "[openai][request]") {
    for (const char* bad : {"{", "[]", R"({"messages":[]})", R"({"messages":"hi"})"}) {
        INFO(bad);
        try {
            openai::chat_request_body(bad, "", true);
            FAIL("accepted");
        } catch (const evo::error& e) {
            CHECK(e.status() == EVO_ERR_INVALID_ARGUMENT);
            CHECK_THAT(e.what(), Catch::StartsWith("request: "));
        }
    }
}

TEST_CASE("settings: defaults and the chat endpoint", "[openai][config]") {
    auto s =
        openai::read_settings(json::parse(R"({"base_url":"http://127.0.0.1:9/v1//"})").as_object());
    CHECK(s.endpoint == "http://127.0.0.1:9/v1/chat/completions");
    CHECK(s.stream);
    CHECK(s.api_key.empty());
    CHECK(s.http.retry.max_retries == 3);
    CHECK(s.http.retry.base == openai::milliseconds(250));
    CHECK(s.http.retry.max == openai::milliseconds(8000));
    CHECK(s.http.timeouts.idle == openai::milliseconds(30000));
    CHECK(s.http.timeouts.total == openai::milliseconds(120000));
}

TEST_CASE("settings: bad values name the key", "[openai][config]") {
    CHECK(config_error("{}") ==
          R"(config: base_url is required (e.g. "http://127.0.0.1:8080/v1"))");
    CHECK(config_error(R"({"base_url":"ftp://x"})") ==
          R"(config: base_url must start with http:// or https://, got "ftp://x")");
    CHECK(config_error(R"({"base_url":"http://x","max_retries":-1})") ==
          "config: max_retries must be between 0 and 20, got -1");
    CHECK(config_error(R"({"base_url":"http://x","retry_base_ms":500,"retry_max_ms":100})") ==
          "config: retry_max_ms must not be below retry_base_ms");
    CHECK(config_error(R"({"base_url":"http://x","timeout_ms":1.5})") ==
          "config: timeout_ms must be an integer");
    CHECK(config_error(R"({"base_url":"http://x","stream":"yes"})") ==
          "config: stream must be true or false");
    CHECK(config_status(R"({"base_url":"http://x","stall_timeout_ms":3.0})") == EVO_OK);
}
