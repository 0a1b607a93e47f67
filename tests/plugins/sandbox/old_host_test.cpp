// A 1.1 host knows nothing of run_process files: the SDK refuses to run without them rather
// than run the program in an empty directory, so the validator fails (closed) and never passes.
#include <evo/plugin.hpp>

#include <catch2/catch.hpp>

namespace {

int runs = 0;

evo_status count_run(void*, const evo_call*, const evo_process_request*, evo_process_result*,
                     evo_write_fn, void*, evo_write_fn, void*) {
    ++runs;
    return EVO_OK;
}

evo_host_api host_of_minor(uint16_t minor) {
    evo_host_api api{};
    api.struct_size = sizeof api;
    api.abi_major = 1;
    api.abi_minor = minor;
    api.run_process = &count_run;
    return api;
}

} // namespace

TEST_CASE("sandbox: files need a 1.2 host", "[sandbox-validator]") {
    evo::process_limits limits;
    limits.sandbox = true;
    limits.files = {{"command.py", "print(1)"}};
    runs = 0;
    const evo_host_api old = host_of_minor(1);
    try {
        evo::host_services(&old).run(evo::call(nullptr), {"python3", "command.py"}, {}, limits);
        FAIL("ran without its files");
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_UNSUPPORTED);
        CHECK(std::string(e.what()) ==
              "this host (ABI 1.1) cannot place files in the sandbox; it needs 1.2");
    }
    CHECK(runs == 0);
    const evo_host_api current = host_of_minor(2);
    evo::host_services(&current).run(evo::call(nullptr), {"python3", "command.py"}, {}, limits);
    CHECK(runs == 1);
}
