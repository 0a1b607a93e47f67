#include "response_reader.hpp"

#include <catch2/catch.hpp>

#include <string>

using ollama::response_reader;

namespace {

struct collected {
    std::string text;
    int first_text_calls = 0;
    bool refuse = false;
};

evo_status collect(void* ctx, evo_str chunk) {
    auto& c = *static_cast<collected*>(ctx);
    if (c.refuse) return EVO_ERR_STOPPED;
    c.text.append(chunk.data, chunk.size);
    return EVO_OK;
}

} // namespace

TEST_CASE("a stream's text reaches the caller line by line", "[ollama]") {
    collected c;
    evo::sink text(collect, &c);
    response_reader reader(true, text, [&] { ++c.first_text_calls; });
    reader.body_sink().write(R"({"message":{"content":"ab"},"done":false})"
                             "\n"
                             R"({"message":{"con)");
    CHECK(c.text == "ab");
    reader.body_sink().write(R"(tent":"cd"},"done":false})"
                             "\n"
                             R"({"message":{"content":""},"done":true,"eval_count":2})");
    CHECK(c.text == "abcd");
    CHECK_FALSE(reader.decoder().done()); // the last line has no newline yet
    reader.finish();
    CHECK(reader.decoder().done());
    CHECK(reader.decoder().facts().completion_tokens == 2);
    CHECK(c.first_text_calls == 1);
    CHECK(reader.text_streamed());
}

TEST_CASE("an error line is kept and no later text passes", "[ollama]") {
    collected c;
    evo::sink text(collect, &c);
    response_reader reader(true, text, {});
    reader.body_sink().write("{\"message\":{\"content\":\"ab\"},\"done\":false}\n"
                             "{\"error\":\"out of memory\"}\n"
                             "{\"message\":{\"content\":\"cd\"},\"done\":false}\n");
    reader.finish();
    CHECK(reader.server_error() == "out of memory");
    CHECK(c.text == "ab");
}

TEST_CASE("a malformed line is kept as a protocol failure", "[ollama]") {
    collected c;
    evo::sink text(collect, &c);
    response_reader reader(true, text, {});
    reader.body_sink().write("{\"message\":{\"content\": \n");
    REQUIRE(reader.malformed());
    CHECK(reader.malformed()->status() == EVO_ERR_PROTOCOL);
}

TEST_CASE("the caller's refusal stops the transfer", "[ollama]") {
    collected c;
    c.refuse = true;
    evo::sink text(collect, &c);
    response_reader reader(true, text, {});
    CHECK_THROWS_AS(reader.body_sink().write("{\"message\":{\"content\":\"ab\"},\"done\":false}\n"),
                    evo::error);
    REQUIRE(reader.stopped());
    CHECK(reader.stopped()->status() == EVO_ERR_STOPPED);
}

TEST_CASE("a plain body is decoded whole at the end", "[ollama]") {
    collected c;
    evo::sink text(collect, &c);
    response_reader reader(false, text, {});
    reader.body_sink().write(R"({"message":{"content":"whole"},)");
    CHECK(c.text.empty());
    reader.body_sink().write(R"("done":true,"prompt_eval_count":7})");
    reader.finish();
    CHECK(c.text == "whole");
    CHECK(reader.decoder().prompt_eval_count() == 7u);
}
