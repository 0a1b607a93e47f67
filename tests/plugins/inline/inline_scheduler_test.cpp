#include "inline_scheduler.hpp"
#include "plugin_module.hpp"
#include "recording_batch.hpp"

#include <catch2/catch.hpp>

#include <thread>

using evo_test::cancellable_call;
using evo_test::recording_batch;

namespace {

void run_inline(const cancellable_call& call, const recording_batch& batch) {
    inline_scheduler::inline_scheduler scheduler(evo::host_services(nullptr), {});
    scheduler.run(evo::call(call.get()), evo::task_batch(batch.get()));
}

} // namespace

TEST_CASE("inline runs every task once and in order in the calling thread", "[scheduler]") {
    const auto caller = std::this_thread::get_id();
    bool all_in_caller = true;
    recording_batch batch(6, 0, [&](uint64_t index) {
        all_in_caller = all_in_caller && std::this_thread::get_id() == caller;
        return index == 2 ? EVO_ERR_UNAVAILABLE : EVO_OK;
    });
    cancellable_call call;

    run_inline(call, batch);

    CHECK(batch.run_order() == std::vector<uint64_t>{0, 1, 2, 3, 4, 5});
    CHECK(all_in_caller);
    CHECK(batch.each_completed_once());
    CHECK(batch.status(1) == EVO_OK);
    CHECK(batch.status(2) == EVO_ERR_UNAVAILABLE);
    CHECK(batch.max_in_flight() == 1);
}

TEST_CASE("inline starts no task after cancellation and completes the rest as cancelled",
          "[scheduler]") {
    cancellable_call call;
    recording_batch batch(8, 0, [&](uint64_t index) {
        if (index == 3) call.cancel();
        return EVO_OK;
    });

    try {
        run_inline(call, batch);
        FAIL("run() returned normally after cancellation");
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_CANCELLED);
        CHECK(std::string(e.what()) == "cancelled with 4 of 8 tasks not started");
    }

    CHECK(batch.run_order() == std::vector<uint64_t>{0, 1, 2, 3});
    CHECK(batch.each_completed_once());
    CHECK(batch.status(3) == EVO_OK);
    for (uint64_t index = 4; index < 8; ++index) {
        CHECK(batch.runs(index) == 0);
        CHECK(batch.status(index) == EVO_ERR_CANCELLED);
    }
}

TEST_CASE("inline through the C ABI", "[scheduler]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_INLINE_PLUGIN);
    REQUIRE(std::string(descriptor.name) == "inline");
    REQUIRE(descriptor.kind == EVO_KIND_SCHEDULER);
    evo_test::fake_host host;
    evo_test::plugin_instance instance(descriptor, host.api(), "{}");
    REQUIRE(instance.create_status() == EVO_OK);
    const auto& api = instance.api<evo_scheduler_api>();

    SECTION("a batch runs to completion") {
        cancellable_call call;
        recording_batch batch(5);
        CHECK(api.run(instance.get(), call.get(), batch.get()) == EVO_OK);
        CHECK(batch.each_completed_once());
        CHECK(batch.run_order().size() == 5);
    }
    SECTION("a batch cancelled up front runs nothing") {
        cancellable_call call;
        call.cancel();
        recording_batch batch(5);
        CHECK(api.run(instance.get(), call.get(), batch.get()) == EVO_ERR_CANCELLED);
        CHECK(instance.last_error() == "cancelled with 5 of 5 tasks not started");
        CHECK(batch.run_order().empty());
        CHECK(batch.each_completed_once());
        CHECK(batch.status(0) == EVO_ERR_CANCELLED);
    }
}
