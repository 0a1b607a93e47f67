#include "line_splitter.hpp"

#include <evo/plugin.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using ollama::line_splitter;

namespace {

std::vector<std::string> split(line_splitter& splitter, const std::vector<std::string>& chunks) {
    std::vector<std::string> lines;
    for (const auto& chunk : chunks)
        splitter.feed(chunk, [&](std::string_view line) { lines.emplace_back(line); });
    return lines;
}

} // namespace

TEST_CASE("lines split across chunks are put back together", "[ollama]") {
    line_splitter splitter;
    CHECK(split(splitter, {"{\"a\":", "1}\n{\"b\"", ":2}\r\n\n{\"c\":3}\n{\"d"}) ==
          std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"});
    CHECK(splitter.rest() == "{\"d");
}

TEST_CASE("a line over the cap is a protocol error, whether or not it has ended", "[ollama]") {
    line_splitter ended(8);
    CHECK_NOTHROW(split(ended, {"12345678\n"}));
    try {
        split(ended, {"123456789\n"});
        FAIL("no error");
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_PROTOCOL);
        CHECK_THAT(e.what(), Catch::Contains("longer than 8 bytes"));
    }
    line_splitter endless(8);
    CHECK_NOTHROW(split(endless, {"1234", "5678"}));
    CHECK_THROWS_AS(split(endless, {"9"}), evo::error);
}
