// Run-time comparison of the layouts measured by C and C++ against the current and the frozen
// header, with each other and with the release record.
#include "layout_facts.h"

#include <evo/plugin.h>

#include <catch2/catch.hpp>

#include <string>

namespace {

// A struct may have grown since v1.0 only when the header is a later minor.
bool compatible(const evo_abi_fact& fact, unsigned long long reference, bool later_minor) {
    return fact.may_grow && later_minor ? fact.measured >= reference : fact.measured == reference;
}

void check_against_frozen(const evo_abi_fact_list& current) {
    REQUIRE(current.count == evo_abi_frozen_v1_0.count);
    for (std::size_t i = 0; i < current.count; ++i) {
        const evo_abi_fact& fact = current.facts[i];
        const evo_abi_fact& frozen = evo_abi_frozen_v1_0.facts[i];
        REQUIRE(std::string(fact.what) == frozen.what);
        INFO(fact.what << ": current " << fact.measured << ", frozen v1.0 " << frozen.measured);
        CHECK(compatible(fact, frozen.measured, EVO_ABI_VERSION_MINOR > 0));
    }
}

} // namespace

#if defined(__x86_64__) && defined(__LP64__) // the record holds x86_64 numbers

namespace {

void check_against_record(const evo_abi_fact_list& list, bool later_minor) {
    REQUIRE(list.count > 0);
    for (std::size_t i = 0; i < list.count; ++i) {
        const evo_abi_fact& fact = list.facts[i];
        INFO(fact.what << ": measured " << fact.measured << ", recorded " << fact.recorded);
        CHECK(compatible(fact, fact.recorded, later_minor));
    }
}

} // namespace

TEST_CASE("the frozen v1.0 header matches the release record", "[abi]") {
    check_against_record(evo_abi_frozen_v1_0, false);
}

TEST_CASE("the frozen v1.1 header matches the v1.0 and 1.1 records", "[abi]") {
    check_against_record(evo_abi_frozen_v1_1, true); // its structs grew past v1.0's
    check_against_record(evo_abi_frozen_v1_1_appended, false); // exactly as 1.1 was released
}

TEST_CASE("the frozen v1.2 header matches the v1.0, 1.1 and 1.2 records", "[abi]") {
    check_against_record(evo_abi_frozen_v1_2, true);
    check_against_record(evo_abi_frozen_v1_2_appended_v1_1, true); // grew past 1.1's
    check_against_record(evo_abi_frozen_v1_2_appended, false); // exactly as 1.2 was released
}

TEST_CASE("a C99 compiler lays out the current header as v1.0 was released", "[abi]") {
    check_against_record(evo_abi_current_c, EVO_ABI_VERSION_MINOR > 0);
}

TEST_CASE("C99 and C++ compilers lay out what 1.1 appended as the record says", "[abi]") {
    check_against_record(evo_abi_current_c_v1_1, EVO_ABI_VERSION_MINOR > 1);
    check_against_record(evo_abi_current_cpp_v1_1, EVO_ABI_VERSION_MINOR > 1);
}

TEST_CASE("C99 and C++ compilers lay out what 1.2 appended as the record says", "[abi]") {
    check_against_record(evo_abi_current_c_v1_2, EVO_ABI_VERSION_MINOR > 2);
    check_against_record(evo_abi_current_cpp_v1_2, EVO_ABI_VERSION_MINOR > 2);
}

TEST_CASE("C99 and C++ compilers lay out what 1.3 appended as the record says", "[abi]") {
    check_against_record(evo_abi_current_c_v1_3, EVO_ABI_VERSION_MINOR > 3);
    check_against_record(evo_abi_current_cpp_v1_3, EVO_ABI_VERSION_MINOR > 3);
}

#endif

TEST_CASE("the current header keeps every v1.0 field where the frozen header has it", "[abi]") {
    SECTION("compiled as C99") {
        check_against_frozen(evo_abi_current_c);
    }
    SECTION("compiled as C++") {
        check_against_frozen(evo_abi_current_cpp);
    }
    SECTION("the frozen v1.1 header") {
        check_against_frozen(evo_abi_frozen_v1_1);
    }
    SECTION("the frozen v1.2 header") {
        check_against_frozen(evo_abi_frozen_v1_2);
    }
}

namespace {

void check_agreement(const evo_abi_fact_list& c, const evo_abi_fact_list& cpp) {
    REQUIRE(c.count == cpp.count);
    for (std::size_t i = 0; i < c.count; ++i) {
        INFO(c.facts[i].what);
        CHECK(c.facts[i].measured == cpp.facts[i].measured);
    }
}

} // namespace

TEST_CASE("C and C++ compilers agree on every byte of the current header", "[abi]") {
    check_agreement(evo_abi_current_c, evo_abi_current_cpp);
    check_agreement(evo_abi_current_c_v1_1, evo_abi_current_cpp_v1_1);
    check_agreement(evo_abi_current_c_v1_2, evo_abi_current_cpp_v1_2);
    check_agreement(evo_abi_current_c_v1_3, evo_abi_current_cpp_v1_3);
}
