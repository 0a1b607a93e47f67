#include "api_error.hpp"
#include "message_answer.hpp"
#include "message_stream.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

std::string text_delta(const std::string& text) {
    return R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")" +
           text + R"("}})";
}

const std::string message_start =
    R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant",)"
    R"("model":"claude-test","content":[],"stop_reason":null,)"
    R"("usage":{"input_tokens":25,"cache_read_input_tokens":5,"output_tokens":1}}})";

std::string message_delta(const std::string& reason) {
    return R"({"type":"message_delta","delta":{"stop_reason":")" + reason +
           R"(","stop_sequence":null},"usage":{"output_tokens":15}})";
}

evo_status failure_status(anthropic::message_stream& stream, const std::string& event,
                          const std::string& data) {
    try {
        stream.take(event, data);
    } catch (const evo::error& e) {
        return e.status();
    }
    return EVO_OK;
}

} // namespace

TEST_CASE("stream: text as it arrives, usage and model, whole at message_stop",
          "[anthropic][decode]") {
    anthropic::message_stream stream;
    CHECK(stream.take("message_start", message_start).empty());
    CHECK(
        stream
            .take(
                "content_block_start",
                R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})")
            .empty());
    CHECK(stream.take("ping", R"({"type": "ping"})").empty());
    CHECK(stream.take("content_block_delta", text_delta("Hel")) == "Hel");
    CHECK(stream.take("content_block_delta", text_delta("lo")) == "lo");
    CHECK(stream.take("content_block_stop", R"({"type":"content_block_stop","index":0})").empty());
    CHECK_FALSE(stream.finished());
    CHECK(stream.take("message_delta", message_delta("end_turn")).empty());
    CHECK_FALSE(stream.finished());
    CHECK(stream.take("message_stop", R"({"type":"message_stop"})").empty());
    CHECK(stream.finished());
    CHECK(stream.facts().model == "claude-test");
    CHECK(stream.facts().prompt_tokens == 30);
    CHECK(stream.facts().completion_tokens == 15);
    CHECK_FALSE(stream.facts().truncated);
    CHECK(stream.stop_reason() == "end_turn");
    CHECK(stream.events() == 8);
    CHECK_FALSE(stream.error());
}

TEST_CASE("stream: max_tokens is a truncated answer", "[anthropic][decode]") {
    anthropic::message_stream stream;
    stream.take("message_start", message_start);
    stream.take("message_delta", message_delta("max_tokens"));
    CHECK(stream.facts().truncated);
}

TEST_CASE("stream: an error event is an error, and ends the answer", "[anthropic][decode]") {
    anthropic::message_stream stream;
    stream.take("message_start", message_start);
    CHECK(stream.take("content_block_delta", text_delta("partial")) == "partial");
    CHECK(
        stream
            .take("error",
                  R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
            .empty());
    REQUIRE(stream.error());
    CHECK(stream.error()->type == "overloaded_error");
    CHECK(stream.error()->message == "Overloaded");
    CHECK(stream.take("content_block_delta", text_delta("more")).empty());
    CHECK(stream.take("message_stop", R"({"type":"message_stop"})").empty());
    CHECK_FALSE(stream.finished());
}

TEST_CASE("stream: without event names the data's type names the event", "[anthropic][decode]") {
    anthropic::message_stream stream;
    CHECK(stream.take("", text_delta("x")) == "x");
    stream.take("", R"({"type":"error","error":{"type":"api_error","message":"boom"}})");
    REQUIRE(stream.error());
    CHECK(stream.error()->type == "api_error");
}

TEST_CASE("stream: other deltas and unknown events carry no text", "[anthropic][decode]") {
    anthropic::message_stream stream;
    CHECK(
        stream
            .take(
                "content_block_delta",
                R"({"type":"content_block_delta","delta":{"type":"thinking_delta","thinking":"hmm"}})")
            .empty());
    CHECK(stream.take("something_new", R"({"type":"something_new"})").empty());
    CHECK_FALSE(stream.error());
}

TEST_CASE("stream: malformed event data is a protocol error", "[anthropic][decode]") {
    anthropic::message_stream stream;
    CHECK(failure_status(stream, "content_block_delta", R"({"type": "content_block_de)") ==
          EVO_ERR_PROTOCOL);
    CHECK(failure_status(stream, "message_start", "[1]") == EVO_ERR_PROTOCOL);
    CHECK(failure_status(stream, "message_start", R"({"type":"message_start"})") ==
          EVO_ERR_PROTOCOL);
}

TEST_CASE("answer: text blocks, stop reason, usage, model", "[anthropic][decode]") {
    auto answer = anthropic::parse_message(
        R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-test",)"
        R"("content":[{"type":"thinking","thinking":"no"},{"type":"text","text":"Hel"},)"
        R"({"type":"text","text":"lo"}],"stop_reason":"max_tokens",)"
        R"("usage":{"input_tokens":3,"output_tokens":2}})");
    CHECK(answer.text == "Hello");
    CHECK(answer.stop_reason == "max_tokens");
    CHECK(answer.facts.truncated);
    CHECK(answer.facts.model == "claude-test");
    CHECK(answer.facts.prompt_tokens == 3);
    CHECK(answer.facts.completion_tokens == 2);
    CHECK_FALSE(answer.error);
}

TEST_CASE("answer: an error object inside a 200 is an error", "[anthropic][decode]") {
    auto answer = anthropic::parse_message(
        R"({"type":"error","error":{"type":"api_error","message":"Internal server error"}})");
    REQUIRE(answer.error);
    CHECK(anthropic::describe(*answer.error) == "api_error: Internal server error");
}

TEST_CASE("answer: malformed or without content is a protocol error", "[anthropic][decode]") {
    for (const char* body : {R"({"type":"message","content":[{"type")", R"({"type":"message"})"}) {
        try {
            anthropic::parse_message(body);
            FAIL("accepted " << body);
        } catch (const evo::error& e) {
            CHECK(e.status() == EVO_ERR_PROTOCOL);
        }
    }
}
