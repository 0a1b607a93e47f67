#include "messages_request.hpp"

#include <evo/plugin.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

namespace json = boost::json;

namespace {

json::object body_of(const std::string& request, const std::string& model = "",
                     int64_t max_tokens = 4096, bool stream = true) {
    return json::parse(anthropic::messages_request_body(request, model, max_tokens, stream))
        .as_object();
}

std::string refusal(const std::string& request) {
    try {
        anthropic::messages_request_body(request, "", 4096, true);
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_INVALID_ARGUMENT);
        return e.what();
    }
    return "accepted";
}

} // namespace

TEST_CASE("request: system messages become the top-level system", "[anthropic][request]") {
    json::object body =
        body_of(R"({"model":"claude-x","messages":[{"role":"system","content":"be brief"},)"
                R"({"role":"user","content":"hi"}],"temperature":0.2,"max_tokens":64,)"
                R"("language":"python","contract":{"args":[]},"top_p":null})");
    CHECK(body.at("system") == "be brief");
    json::array messages = body.at("messages").as_array();
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].at("role") == "user");
    CHECK(messages[0].at("content") == "hi");
    CHECK(body.at("model") == "claude-x");
    CHECK(body.at("temperature") == 0.2);
    CHECK(body.at("max_tokens") == 64);
    CHECK(body.at("stream") == true);
    CHECK_FALSE(body.contains("language"));
    CHECK_FALSE(body.contains("contract"));
    CHECK_FALSE(body.contains("top_p"));
}

TEST_CASE("request: consecutive messages of one role are merged", "[anthropic][request]") {
    json::object body =
        body_of(R"({"model":"m","messages":[{"role":"system","content":"one"},)"
                R"({"role":"user","content":"a"},{"role":"system","content":"two"},)"
                R"({"role":"user","content":[{"type":"text","text":"b"}]},)"
                R"({"role":"assistant","content":"c"},{"role":"user","content":"d"}]})");
    CHECK(body.at("system") == "one\n\ntwo");
    json::array messages = body.at("messages").as_array();
    REQUIRE(messages.size() == 3);
    CHECK(messages[0].at("content") == "a\n\nb");
    CHECK(messages[1].at("role") == "assistant");
    CHECK(messages[2].at("content") == "d");
}

TEST_CASE("request: max_tokens, model and stop", "[anthropic][request]") {
    const std::string without_max =
        R"({"model":"asked","messages":[{"role":"user","content":"x"}]})";
    SECTION("the configured max_tokens when the request has none") {
        CHECK(body_of(without_max, "", 1000).at("max_tokens") == 1000);
    }
    SECTION("the request's max_tokens wins") {
        CHECK(body_of(R"({"model":"m","max_tokens":7,"messages":[{"role":"user","content":"x"}]})",
                      "", 1000)
                  .at("max_tokens") == 7);
    }
    SECTION("the configured model overrides the request's") {
        CHECK(body_of(without_max).at("model") == "asked");
        CHECK(body_of(without_max, "claude-y").at("model") == "claude-y");
    }
    SECTION("no system without a system message; stream as configured") {
        json::object body = body_of(without_max, "", 4096, false);
        CHECK_FALSE(body.contains("system"));
        CHECK(body.at("stream") == false);
    }
    SECTION("stop becomes stop_sequences") {
        json::object body =
            body_of(R"({"model":"m","stop":"END","messages":[{"role":"user","content":"x"}]})");
        CHECK(body.at("stop_sequences") == json::array{"END"});
        CHECK_FALSE(body.contains("stop"));
    }
}

TEST_CASE("request: what cannot be sent is refused, named", "[anthropic][request]") {
    CHECK_THAT(refusal("{"), Catch::Contains("malformed JSON"));
    CHECK_THAT(refusal("[]"), Catch::Contains("expected a JSON object"));
    CHECK_THAT(refusal(R"({"model":"m","messages":[]})"), Catch::Contains("\"messages\""));
    CHECK_THAT(refusal(R"({"model":"m","messages":[{"role":"system","content":"s"}]})"),
               Catch::Contains("no user or assistant message"));
    CHECK_THAT(refusal(R"({"model":"m","messages":[{"role":"tool","content":"s"}]})"),
               Catch::Contains("role \"tool\""));
    CHECK_THAT(
        refusal(R"({"model":"m","max_tokens":0,"messages":[{"role":"user","content":"x"}]})"),
        Catch::Contains("max_tokens"));
    CHECK_THAT(refusal(R"({"messages":[{"role":"user","content":"x"}]})"),
               Catch::Contains("no model"));
}
