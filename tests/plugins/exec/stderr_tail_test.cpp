#include "stderr_tail.hpp"

#include <catch2/catch.hpp>

#include <string>

using exec_plugin::stderr_tail;

TEST_CASE("stderr becomes one line, line breaks shown as |", "[exec]") {
    CHECK(stderr_tail("Error: no key\r\nset one\n\n") == "Error: no key | set one");
    CHECK(stderr_tail("  \n") == "");
}

TEST_CASE("a long stderr keeps its end, never half a character", "[exec]") {
    std::string err = std::string(1000, 'a') + "\xC3\xA9" + std::string(9, 'b'); // é then 9 b
    CHECK(stderr_tail(err, 10) == "..." + std::string(9, 'b'));
    CHECK(stderr_tail(err, 11) == "...\xC3\xA9" + std::string(9, 'b'));
    CHECK(stderr_tail(std::string(2000, 'x')).size() == 503);
}
