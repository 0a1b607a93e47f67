#include "chat_response.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

// The status and message of the evo::error `body` throws.
template <class F> std::pair<evo_status, std::string> failure_of(F&& body) {
    try {
        body();
    } catch (const evo::error& e) {
        return {e.status(), e.what()};
    }
    FAIL("no evo::error was thrown");
    return {};
}

std::string delta(const std::string& content, const std::string& finish = "null") {
    return R"({"model":"m1","choices":[{"index":0,"delta":{"content":)" + content +
           R"(},"finish_reason":)" + finish + "}]}";
}

} // namespace

TEST_CASE("stream: text, finish reason, usage and [DONE]", "[openai][decode]") {
    openai::stream_decoder decoder;
    CHECK(decoder.take(R"({"choices":[{"delta":{"role":"assistant","content":null}}]})").empty());
    CHECK(decoder.take(delta("\"Hel\"")) == "Hel");
    CHECK(decoder.take(delta("\"lo\"")) == "lo");
    CHECK_FALSE(decoder.finished());
    CHECK(decoder.take(delta("null", "\"stop\"")).empty());
    CHECK(decoder.finished());
    CHECK(decoder.take(R"({"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3}})")
              .empty());
    CHECK(decoder.take("[DONE]").empty());
    CHECK(decoder.take("after done, ignored").empty());
    CHECK(decoder.events() == 6);
    CHECK(decoder.facts().prompt_tokens == 12);
    CHECK(decoder.facts().completion_tokens == 3);
    CHECK(decoder.facts().model == "m1");
    CHECK_FALSE(decoder.facts().truncated);
}

TEST_CASE("stream: finish_reason length marks the answer truncated", "[openai][decode]") {
    openai::stream_decoder decoder;
    decoder.take(delta("\"x\"", "\"length\""));
    CHECK(decoder.finished());
    CHECK(decoder.facts().truncated);
}

TEST_CASE("stream: [DONE] alone completes a stream", "[openai][decode]") {
    openai::stream_decoder decoder;
    decoder.take(delta("\"x\""));
    decoder.take("[DONE]");
    CHECK(decoder.finished());
}

TEST_CASE("stream: malformed events name the event and the fault", "[openai][decode]") {
    openai::stream_decoder decoder;
    decoder.take(delta("\"ok\""));
    auto [status, message] = failure_of([&] { decoder.take(R"({"choices": [{"delta": {"cont)"); });
    CHECK(status == EVO_ERR_PROTOCOL);
    CHECK_THAT(message, Catch::StartsWith("stream event 2: malformed JSON"));
    CHECK_THAT(message, Catch::Contains("{\"choices\": [{\"delta\""));

    CHECK(failure_of([&] { decoder.take(delta("42")); }).second ==
          "stream event 3: choices[0].delta.content is not a string");
    CHECK(failure_of([&] { decoder.take(R"({"id":"x"})"); }).second ==
          "stream event 4: no \"choices\" array");
    CHECK(failure_of([&] { decoder.take("[1,2]"); }).second ==
          "stream event 5: expected a JSON object, got: [1,2]");
    CHECK(failure_of([&] { decoder.take(R"({"choices":[7]})"); }).second ==
          "stream event 6: choices[0] is not an object");
}

TEST_CASE("stream: an error object sent mid-stream is the server's failure", "[openai][decode]") {
    openai::stream_decoder decoder;
    auto [status, message] =
        failure_of([&] { decoder.take(R"({"error":{"message":"model overloaded"}})"); });
    CHECK(status == EVO_ERR_UNAVAILABLE);
    CHECK_THAT(message, Catch::EndsWith("the server reported an error: model overloaded"));
}

TEST_CASE("answer: text and facts of a whole completion", "[openai][decode]") {
    auto answer = openai::parse_chat_completion(
        R"({"model":"m2","choices":[{"message":{"role":"assistant","content":"def f(): pass"},)"
        R"("finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":4}})");
    CHECK(answer.text == "def f(): pass");
    CHECK(answer.facts.model == "m2");
    CHECK(answer.facts.truncated);
    CHECK(answer.facts.prompt_tokens == 5);
    CHECK(answer.facts.completion_tokens == 4);
}

TEST_CASE("answer: usage is optional and a null content is no text", "[openai][decode]") {
    auto answer = openai::parse_chat_completion(
        R"({"choices":[{"message":{"content":null},"finish_reason":"content_filter"}]})");
    CHECK(answer.text.empty());
    CHECK(answer.facts.prompt_tokens == 0);
    CHECK_FALSE(answer.facts.truncated);
}

TEST_CASE("answer: malformed or unexpected bodies say what is wrong", "[openai][decode]") {
    auto cut = failure_of([] { openai::parse_chat_completion(R"({"choices":[{"message":)"); });
    CHECK(cut.first == EVO_ERR_PROTOCOL);
    CHECK_THAT(cut.second, Catch::StartsWith("the answer: malformed JSON"));
    CHECK(failure_of([] { openai::parse_chat_completion(R"({"choices":[]})"); }).second ==
          "the answer: \"choices\" is empty");
    CHECK(failure_of([] { openai::parse_chat_completion(""); }).second ==
          "the answer: malformed JSON (incomplete JSON): (nothing)");
    CHECK(failure_of([] {
              openai::parse_chat_completion(R"({"choices":[{"message":"hi"}]})");
          }).second == "the answer: choices[0].message is not an object");
    CHECK(failure_of([] {
              openai::parse_chat_completion(R"({"error":{"message":"no"}})");
          }).first == EVO_ERR_UNAVAILABLE);
}

TEST_CASE("error_detail: the server's message, else the start of the body", "[openai][decode]") {
    CHECK(openai::error_detail(R"({"error":{"message":"slow down","code":429}})") == "slow down");
    CHECK(openai::error_detail(R"({"error":"bad key"})") == "bad key");
    CHECK(openai::error_detail("<html>\n502 Bad Gateway</html>") ==
          "<html>\\n502 Bad Gateway</html>");
}

TEST_CASE("preview: one line, shortened without splitting a character", "[openai][decode]") {
    std::string text = std::string(119, 'a') + "\xC3\xA9" + std::string(50, 'b');
    std::string shown = openai::preview(text);
    CHECK(shown == std::string(119, 'a') + "...");
    CHECK(openai::preview("a\r\nb") == "a\\r\\nb");
}
