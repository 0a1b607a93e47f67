#include "response_reader.hpp"

#include <catch2/catch.hpp>

#include <string>

using openai::response_reader;

namespace {

struct collected {
    std::string text;
    bool refuse = false;
};

evo_status collect(void* ctx, evo_str chunk) {
    auto& out = *static_cast<collected*>(ctx);
    if (out.refuse) return EVO_ERR_STOPPED;
    out.text.append(chunk.data, chunk.size);
    return EVO_OK;
}

// Feeds `chunks` as host HTTP would, until the reader refuses one; returns its answer.
evo_status feed(response_reader& reader, std::initializer_list<std::string_view> chunks) {
    evo::sink body = reader.body_sink();
    try {
        for (auto chunk : chunks) body.write(chunk);
    } catch (const evo::error& e) {
        return e.status();
    }
    return EVO_OK;
}

const std::string hello = R"(data: {"choices":[{"delta":{"content":"hello"}}]})"
                          "\n\n";

} // namespace

TEST_CASE("reader: a stream's text reaches the caller as it arrives", "[openai][reader]") {
    collected out;
    evo::sink text(&collect, &out);
    response_reader reader(true, text);
    REQUIRE(feed(reader, {": ping\n\n", hello.substr(0, 20), hello.substr(20)}) == EVO_OK);
    CHECK(out.text == "hello");
    CHECK(reader.text_streamed());
    CHECK(reader.stream_ending() == response_reader::stream_end::early);
    feed(reader, {"data: [DONE]\n\n"});
    CHECK(reader.stream_ending() == response_reader::stream_end::complete);
    CHECK_FALSE(reader.failure());
}

TEST_CASE("reader: a stream without [DONE] or finish_reason ended early", "[openai][reader]") {
    collected out;
    evo::sink text(&collect, &out);
    response_reader reader(true, text);
    feed(reader, {": keep-alive\n\n"});
    CHECK(reader.stream_ending() == response_reader::stream_end::early);
    CHECK_FALSE(reader.text_streamed());
}

TEST_CASE("reader: a JSON body where a stream was expected is told apart", "[openai][reader]") {
    collected out;
    evo::sink text(&collect, &out);
    response_reader reader(true, text);
    feed(reader, {R"({"choices":[{"message":{"content":"hi"}}]})"});
    CHECK(reader.stream_ending() == response_reader::stream_end::not_a_stream);
    CHECK(reader.body() == R"({"choices":[{"message":{"content":"hi"}}]})");
}

TEST_CASE("reader: a malformed event stops the transfer and is kept", "[openai][reader]") {
    collected out;
    evo::sink text(&collect, &out);
    response_reader reader(true, text);
    CHECK(feed(reader, {hello, "data: {oops\n\n", hello}) == EVO_ERR_STOPPED);
    REQUIRE(reader.failure());
    CHECK(reader.failure()->status() == EVO_ERR_PROTOCOL);
    CHECK_THAT(reader.failure()->what(), Catch::StartsWith("stream event 2: malformed JSON"));
    CHECK(out.text == "hello");
}

TEST_CASE("reader: a caller refusing text is kept as STOPPED", "[openai][reader]") {
    collected out{"", true};
    evo::sink text(&collect, &out);
    response_reader reader(true, text);
    CHECK(feed(reader, {hello}) == EVO_ERR_STOPPED);
    REQUIRE(reader.failure());
    CHECK(reader.failure()->status() == EVO_ERR_STOPPED);
}

TEST_CASE("reader: a plain body is kept whole and passes no text", "[openai][reader]") {
    collected out;
    evo::sink text(&collect, &out);
    response_reader reader(false, text);
    feed(reader, {"{\"choi", "ces\":[]}"});
    CHECK(reader.body() == "{\"choices\":[]}");
    CHECK(reader.bytes_received() == 14);
    CHECK(out.text.empty());
    CHECK_FALSE(reader.text_streamed());
}
