// Structs the other side of the ABI owns are read and written only as far as it declared them.
#include "declared_struct.hpp"

#include <evo/plugin.h>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstring>

using evo::host::read_declared;
using evo::host::write_declared;

TEST_CASE("a result struct is written no further than its struct_size", "[abi][declared]") {
    struct guarded {
        evo_process_result result;
        int32_t canary[4];
    } owned;
    std::memset(&owned, 0x5A, sizeof owned);
    owned.result.struct_size = offsetof(evo_process_result, timed_out); // an older, smaller result

    write_declared(&owned.result, evo_process_result{sizeof(evo_process_result), 3, 9, 1});

    CHECK(owned.result.struct_size == offsetof(evo_process_result, timed_out)); // kept
    CHECK(owned.result.exit_code == 3);
    CHECK(owned.result.term_signal == 9);
    CHECK(owned.result.timed_out == 0x5A5A5A5A); // undeclared: untouched
    CHECK(owned.canary[0] == 0x5A5A5A5A);
    write_declared<evo_process_result>(nullptr, {}); // a NULL result is no result
}

TEST_CASE("fields a writer did not declare read as zero", "[abi][declared]") {
    evo_http_request request;
    std::memset(&request, 0x7F, sizeof request);
    request.struct_size = offsetof(evo_http_request, connect_timeout_ms);
    evo_http_request copy = read_declared<evo_http_request>(&request);
    CHECK(copy.connect_timeout_ms == 0);
    CHECK(copy.stall_timeout_ms == 0);
    CHECK(copy.header_count == 0x7F7F7F7F);
    CHECK(read_declared<evo_http_request>(nullptr).struct_size == 0);
}
