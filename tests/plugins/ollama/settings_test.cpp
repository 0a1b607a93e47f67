#include "settings.hpp"

#include <evo/plugin.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

using ollama::read_settings;

namespace {

boost::json::object config(const char* text) {
    return boost::json::parse(text).as_object();
}

} // namespace

TEST_CASE("an empty table talks to the local Ollama, streaming", "[ollama]") {
    auto s = read_settings({});
    CHECK(s.endpoint == "http://127.0.0.1:11434/api/chat");
    CHECK(s.stream);
    CHECK_FALSE(s.num_ctx);
    CHECK(s.model.empty());
    CHECK(s.http.retry.max_retries == 3); // the kit's defaults
}

TEST_CASE("base_url, model, num_ctx, stream and the kit's keys are read", "[ollama]") {
    auto s = read_settings(config(R"({"base_url": "http://gpu:11434/", "model": "llama3",
        "num_ctx": 8192, "stream": false, "max_retries": 0, "idle_timeout_ms": 500})"));
    CHECK(s.endpoint == "http://gpu:11434/api/chat");
    CHECK(s.model == "llama3");
    CHECK(s.num_ctx == 8192u);
    CHECK_FALSE(s.stream);
    CHECK(s.http.retry.max_retries == 0);
    CHECK(s.http.timeouts.idle.count() == 500);
}

TEST_CASE("bad values are refused naming the key", "[ollama]") {
    for (const char* bad : {R"({"base_url": "localhost:11434"})", R"({"num_ctx": 0})",
                            R"({"num_ctx": "big"})", R"({"stream": "yes"})"}) {
        try {
            read_settings(config(bad));
            FAIL(bad);
        } catch (const evo::error& e) {
            CHECK(e.status() == EVO_ERR_INVALID_ARGUMENT);
            CHECK_THAT(e.what(), Catch::StartsWith("config: "));
        }
    }
}

TEST_CASE("the schema is JSON with the kit's keys spliced in", "[ollama]") {
    auto schema = boost::json::parse(ollama::config_schema).as_object();
    const auto& properties = schema.at("properties").as_object();
    CHECK(properties.contains("num_ctx"));
    CHECK(properties.contains("idle_timeout_ms"));
    CHECK(properties.contains("first_token_timeout_ms"));
}
