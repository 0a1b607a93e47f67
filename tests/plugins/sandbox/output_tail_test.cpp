// How much of a test's output a finding shows.
#include "output_tail.hpp"

#include <catch2/catch.hpp>

#include <string>

using evo_sandbox::output_tail;

namespace {

std::string numbered_lines(int count, std::size_t width = 1) {
    std::string text;
    for (int i = 1; i <= count; ++i)
        text += "line " + std::to_string(i) + std::string(width, 'x') + "\n";
    return text;
}

std::size_t lines_in(const std::string& text) {
    return text.empty() ? 0
                        : static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

} // namespace

TEST_CASE("output tail: short output is kept whole, trailing whitespace trimmed",
          "[sandbox-validator]") {
    CHECK(output_tail("a\nb\n\n  \n") == "a\nb");
    CHECK(output_tail("") == "");
    CHECK(output_tail(" \n\t") == "");
    CHECK(output_tail("  indented\nkept  \nlast") == "  indented\nkept  \nlast");
}

TEST_CASE("output tail: the last 20 lines", "[sandbox-validator]") {
    const std::string tail = output_tail(numbered_lines(50));
    CHECK(lines_in(tail) == 20);
    CHECK(tail.rfind("line 31x\n", 0) == 0);
    CHECK(tail.substr(tail.size() - 8) == "line 50x");
}

TEST_CASE("output tail: no more than 2000 bytes, from a line start", "[sandbox-validator]") {
    const std::string tail = output_tail(numbered_lines(30, 300)); // ~310 bytes a line
    CHECK(tail.size() <= 2000);
    CHECK(lines_in(tail) == 6); // 6 lines of 309 bytes and their newlines fit, 7 do not
    CHECK(tail.rfind("line 25", 0) == 0);
}

TEST_CASE("output tail: one overlong last line keeps its end, whole characters",
          "[sandbox-validator]") {
    std::string line;
    for (int i = 0; i < 1500; ++i)
        line += "é"; // two bytes each
    const std::string tail = output_tail("first\n" + line + "!");
    CHECK(tail.size() <= 2000);
    CHECK(tail.size() >= 1998);
    CHECK(tail.back() == '!');
    CHECK((static_cast<unsigned char>(tail.front()) & 0xC0) != 0x80);
}
