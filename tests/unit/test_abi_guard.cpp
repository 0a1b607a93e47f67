// Functions the host hands to plugins never let an exception out: it becomes a status.
#include "abi_guard.hpp"

#include <catch2/catch.hpp>

#include <new>
#include <stdexcept>

using evo::host::abi_guarded;

namespace {

int calls = 0;

evo_status throws_runtime_error(void*, evo_str) {
    throw std::runtime_error("boom");
}
evo_status throws_bad_alloc(void*, evo_str) {
    throw std::bad_alloc();
}
evo_status throws_an_int(void*, evo_str) {
    throw 42;
}
evo_status answers(void* ctx, evo_str chunk) {
    return static_cast<evo_status>(chunk.size) + (ctx ? 1 : 0);
}
int32_t cannot_tell(const evo_call*) {
    throw std::logic_error("no cancellation");
}
void counts_then_throws(void*, uint64_t, evo_status) {
    ++calls;
    throw std::runtime_error("done failed");
}

} // namespace

TEST_CASE("a throw inside a guarded callback becomes its failure value", "[abi][guard]") {
    evo_write_fn fn = abi_guarded<throws_runtime_error>;
    CHECK(fn(nullptr, {"x", 1}) == EVO_ERR_INTERNAL);
    fn = abi_guarded<throws_bad_alloc>;
    CHECK(fn(nullptr, {"x", 1}) == EVO_ERR_INTERNAL);
    fn = abi_guarded<throws_an_int>;
    CHECK(fn(nullptr, {"x", 1}) == EVO_ERR_INTERNAL);
}

TEST_CASE("a guarded callback that does not throw is the callback itself", "[abi][guard]") {
    evo_write_fn fn = abi_guarded<answers>;
    int ctx = 0;
    CHECK(fn(&ctx, {"abc", 3}) == 4);
    CHECK(fn(nullptr, {"", 0}) == 0);
}

TEST_CASE("each callback chooses what a throw means", "[abi][guard]") {
    int32_t (*is_cancelled)(const evo_call*) = abi_guarded<cannot_tell, int32_t{1}>;
    CHECK(is_cancelled(nullptr) == 1); // cannot tell: stop
    void (*on_complete)(void*, uint64_t, evo_status) = abi_guarded<counts_then_throws>;
    on_complete(nullptr, 0, EVO_OK);
    CHECK(calls == 1);
}

TEST_CASE("guarded callbacks are noexcept", "[abi][guard]") {
    STATIC_REQUIRE(
        noexcept(evo::host::abi_guard<throws_runtime_error, EVO_ERR_INTERNAL>::call(nullptr, {})));
}
