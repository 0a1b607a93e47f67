// evo::once_value (SDK): computed once; a computation that throws is tried again, never the
// end of the process (std::call_once over pthread_once aborted it).
#include <evo/plugin.hpp>

#include <catch2/catch.hpp>

#include <stdexcept>

TEST_CASE("once_value tries a throwing computation again, then keeps the value", "[unit][sdk]") {
    evo::once_value<std::string> value;
    int calls = 0;
    auto failing = [&]() -> std::string {
        ++calls;
        throw std::runtime_error("no tool");
    };
    CHECK_THROWS_AS(value.get(failing), std::runtime_error);
    CHECK_THROWS_AS(value.get(failing), std::runtime_error);
    CHECK(value.get([&] {
        ++calls;
        return std::string("tool 1.0");
    }) == "tool 1.0");
    CHECK(value.get([&] {
        ++calls;
        return std::string("tool 2.0");
    }) == "tool 1.0");
    CHECK(calls == 3);
}
