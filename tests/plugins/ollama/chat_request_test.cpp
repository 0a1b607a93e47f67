#include "chat_request.hpp"

#include <evo/plugin.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

using ollama::chat_request_body;
namespace json = boost::json;

namespace {

const char* normalized = R"({"model": "llama3", "language": "python", "temperature": 0.2,
    "max_tokens": 512, "messages": [{"role": "system", "content": "be brief"},
    {"role": "user", "content": [{"type": "text", "text": "add "}, {"type": "text", "text": "two"}]}]})";

json::object body_of(const std::string& text) {
    return json::parse(text).as_object();
}

} // namespace

TEST_CASE("the request becomes Ollama's body, parameters under options", "[ollama]") {
    json::object body = body_of(chat_request_body(normalized, "", std::nullopt, true));
    CHECK(body.at("model") == "llama3");
    CHECK(body.at("stream") == true);
    CHECK(body.at("messages").as_array().at(1).at("content") == "add two");
    CHECK(body.at("options").at("temperature") == 0.2);
    CHECK(body.at("options").at("num_predict") == 512);
    CHECK_FALSE(body.at("options").as_object().contains("num_ctx"));
    CHECK_FALSE(body.contains("language"));
    CHECK_FALSE(body.contains("max_tokens"));
}

TEST_CASE("the configured model and num_ctx win; stream false is said", "[ollama]") {
    json::object body = body_of(chat_request_body(normalized, "qwen2.5-coder", 8192u, false));
    CHECK(body.at("model") == "qwen2.5-coder");
    CHECK(body.at("stream") == false); // Ollama streams unless told not to
    CHECK(body.at("options").at("num_ctx") == 8192);
}

TEST_CASE("a request without messages is refused", "[ollama]") {
    CHECK_THROWS_AS(chat_request_body(R"({"messages": []})", "", std::nullopt, true), evo::error);
    CHECK_THROWS_AS(chat_request_body("[]", "", std::nullopt, true), evo::error);
    CHECK_THROWS_AS(
        chat_request_body(R"({"messages": [{"content": "x"}]})", "", std::nullopt, true),
        evo::error);
}
