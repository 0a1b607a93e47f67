#include "provider_kit/sse_parser.hpp"

#include <evo/plugin.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

// Feeds `chunks` in order; returns the data of every dispatched event.
std::vector<std::string> events_of(const std::vector<std::string>& chunks,
                                   provider_kit::sse_parser& parser) {
    std::vector<std::string> events;
    for (const auto& chunk : chunks)
        parser.feed(chunk, [&](std::string_view data) { events.emplace_back(data); });
    return events;
}

std::vector<std::string> events_of(const std::vector<std::string>& chunks) {
    provider_kit::sse_parser parser;
    return events_of(chunks, parser);
}

} // namespace

TEST_CASE("sse: every split of a stream yields the same events", "[provider-kit][sse]") {
    const std::string stream = ": keep-alive\r\n\r\ndata: {\"a\":1}\r\n\r\n"
                               "event: x\nid: 7\ndata: two\ndata: lines\n\n"
                               "data: [DONE]\r\r";
    const std::vector<std::string> expected{"{\"a\":1}", "two\nlines", "[DONE]"};
    REQUIRE(events_of({stream}) == expected);
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        INFO("split at byte " << cut);
        CHECK(events_of({stream.substr(0, cut), stream.substr(cut)}) == expected);
    }
    std::vector<std::string> bytes;
    for (char c : stream)
        bytes.emplace_back(1, c);
    CHECK(events_of(bytes) == expected);
}

TEST_CASE("sse: a CRLF split across chunks ends one line, not two", "[provider-kit][sse]") {
    CHECK(events_of({"data: a\r", "\ndata: b\n\n"}) == std::vector<std::string>{"a\nb"});
}

TEST_CASE("sse: several events in one chunk arrive in order", "[provider-kit][sse]") {
    CHECK(events_of({"data: 1\n\ndata: 2\n\ndata: 3\n\n"}) ==
          std::vector<std::string>{"1", "2", "3"});
}

TEST_CASE("sse: the space after the colon is optional and only one is removed",
          "[provider-kit][sse]") {
    CHECK(events_of({"data:x\n\ndata:  y\n\ndata\n\n"}) == std::vector<std::string>{"x", " y", ""});
}

TEST_CASE("sse: comments, other fields and blank lines carry no events", "[provider-kit][sse]") {
    provider_kit::sse_parser parser;
    CHECK(events_of({": ping\n\n\n\nevent: ping\nretry: 10\n\n"}, parser).empty());
    CHECK(parser.seen_stream_line());
}

TEST_CASE("sse: an event left open when the stream ends is not dispatched", "[provider-kit][sse]") {
    CHECK(events_of({"data: 1\n\ndata: half"}) == std::vector<std::string>{"1"});
    CHECK(events_of({"data: 1\n\ndata: 2\n"}) == std::vector<std::string>{"1"});
}

TEST_CASE("sse: a JSON document is not mistaken for a stream", "[provider-kit][sse]") {
    provider_kit::sse_parser parser;
    CHECK(events_of({"{\"error\": {\"message\": \"busy\"}}\n", "\n"}, parser).empty());
    CHECK_FALSE(parser.seen_stream_line());
}

TEST_CASE("sse: garbage yields no events and no crash", "[provider-kit][sse]") {
    std::string garbage;
    for (int i = 0; i < 4096; ++i)
        garbage += static_cast<char>((i * 7919) % 256);
    provider_kit::sse_parser parser;
    std::size_t events = 0;
    CHECK_NOTHROW(parser.feed(garbage, [&](std::string_view) { ++events; }));
    CHECK(events == 0);
}

TEST_CASE("sse: a line that never ends is refused", "[provider-kit][sse]") {
    provider_kit::sse_parser parser;
    std::string chunk(1u << 20, 'x');
    auto feed = [&] { parser.feed(chunk, [](std::string_view) {}); };
    for (std::size_t fed = 0; fed + chunk.size() <= provider_kit::sse_parser::max_line_bytes;
         fed += chunk.size())
        REQUIRE_NOTHROW(feed());
    try {
        feed();
        FAIL("an overlong line was accepted");
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_PROTOCOL);
        CHECK_THAT(e.what(), Catch::Contains("line exceeds"));
    }
}
