#include "threadpool_scheduler.hpp"

#include "plugin_module.hpp"
#include "recording_batch.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <iterator>
#include <latch>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>
#include <thread>

using evo_test::cancellable_call;
using evo_test::recording_batch;
using threadpool::adaptive_limiter;
using threadpool::pressure_limits;
using threadpool::system_load;
using threadpool::threadpool_scheduler;

namespace {

void run_pool(threadpool_scheduler& pool, const cancellable_call& call,
              const recording_batch& batch) {
    pool.run(evo::call(call.get()), evo::task_batch(batch.get()));
}

// The first `count` tasks wait for each other, so the batch can only finish if at least
// `count` of them run at the same time.
recording_batch::task_body meeting_of(std::latch& meeting, uint64_t count) {
    return [&meeting, count](uint64_t index) {
        if (index < count) meeting.arrive_and_wait();
        std::this_thread::yield();
        return EVO_OK;
    };
}

std::unique_ptr<adaptive_limiter> limiter_reading(system_load load) {
    return std::make_unique<adaptive_limiter>(pressure_limits{}, [load] { return load; });
}

} // namespace

TEST_CASE("threadpool runs each task exactly once", "[scheduler]") {
    threadpool_scheduler pool(4, nullptr);
    cancellable_call call;
    recording_batch batch(
        500, 0, [](uint64_t index) { return index % 7 == 0 ? EVO_ERR_PROTOCOL : EVO_OK; });

    run_pool(pool, call, batch);

    CHECK(batch.each_completed_once());
    CHECK(batch.run_order().size() == 500);
    for (uint64_t index = 0; index < 500; ++index) {
        CHECK(batch.runs(index) == 1);
        CHECK(batch.status(index) == (index % 7 == 0 ? EVO_ERR_PROTOCOL : EVO_OK));
    }
}

TEST_CASE("threadpool reaches but never exceeds the batch's bound", "[scheduler]") {
    threadpool_scheduler pool(8, nullptr);
    cancellable_call call;
    std::latch meeting(3);
    recording_batch batch(60, 3, meeting_of(meeting, 3));

    run_pool(pool, call, batch);

    CHECK(batch.max_in_flight() == 3);
    CHECK(batch.each_completed_once());
}

TEST_CASE("threadpool uses its configured threads when the batch sets no bound", "[scheduler]") {
    threadpool_scheduler pool(2, nullptr);
    cancellable_call call;
    std::latch meeting(2);
    recording_batch batch(40, 0, meeting_of(meeting, 2));

    run_pool(pool, call, batch);

    CHECK(batch.max_in_flight() == 2);
    CHECK(batch.each_completed_once());
}

std::size_t process_threads() {
    auto tasks = std::filesystem::directory_iterator("/proc/self/task");
    return static_cast<std::size_t>(std::distance(begin(tasks), end(tasks)));
}

TEST_CASE("threadpool starts no more threads than tasks and the caller is one of them",
          "[scheduler]") {
    threadpool_scheduler pool(16, nullptr);
    cancellable_call call;
    std::mutex mutex;
    std::set<std::thread::id> workers;
    std::latch meeting(3), leaving(3);
    std::size_t threads_during_run = 0;
    // ThreadSanitizer's runtime starts a thread of its own with the process's first
    // pthread_create; one thread started and joined first keeps it out of the count.
    std::thread([] {}).join();
    const std::size_t threads_before = process_threads();
    recording_batch batch(3, 0, [&](uint64_t index) {
        {
            std::lock_guard lock(mutex);
            workers.insert(std::this_thread::get_id());
        }
        meeting.arrive_and_wait();
        if (index == 0) threads_during_run = process_threads();
        leaving.arrive_and_wait(); // no worker may exit before the count
        return EVO_OK;
    });

    run_pool(pool, call, batch);

    CHECK(workers.size() == 3);
    CHECK(workers.count(std::this_thread::get_id()) == 1);
    CHECK(threads_during_run == threads_before + 2);
}

TEST_CASE("threadpool starts no task once cancelled", "[scheduler]") {
    cancellable_call call;
    std::atomic<bool> cancelled{false};
    std::atomic<int> started_after_cancel{0};
    auto body = [&](uint64_t index) {
        if (cancelled.load()) ++started_after_cancel;
        if (index == 20) {
            cancelled = true;
            call.cancel();
        }
        return EVO_OK;
    };
    const unsigned workers = 4;
    threadpool_scheduler pool(workers, nullptr);
    recording_batch batch(400, 0, body);

    REQUIRE_THROWS_MATCHES(run_pool(pool, call, batch), evo::error,
                           Catch::Predicate<evo::error>([](const evo::error& e) {
                               return e.status() == EVO_ERR_CANCELLED;
                           }));

    CHECK(batch.each_completed_once());
    CHECK(batch.each_ran_at_most_once());
    // Workers that had already checked for cancellation may still start one task each.
    CHECK(started_after_cancel.load() <= static_cast<int>(workers) - 1);
    uint64_t ran = batch.run_order().size();
    CHECK(ran < 400);
    for (uint64_t index = 0; index < 400; ++index)
        CHECK(batch.status(index) == (batch.runs(index) ? EVO_OK : EVO_ERR_CANCELLED));
}

TEST_CASE("threadpool lets one worker run while memory is short", "[scheduler]") {
    threadpool_scheduler pool(4, limiter_reading(system_load{0.0, 4, 1}));
    cancellable_call call;
    recording_batch batch(50, 0, [](uint64_t) {
        std::this_thread::yield();
        return EVO_OK;
    });

    run_pool(pool, call, batch);

    CHECK(batch.max_in_flight() == 1);
    CHECK(batch.each_completed_once());
}

TEST_CASE("threadpool runs fewer workers under CPU load", "[scheduler]") {
    // Capacity 1.5 x 2 CPUs = 3; a load of 6 halves the 4 workers.
    threadpool_scheduler pool(4, limiter_reading(system_load{6.0, 2, std::nullopt}));
    cancellable_call call;
    std::latch meeting(2);
    recording_batch batch(50, 0, meeting_of(meeting, 2));

    run_pool(pool, call, batch);

    CHECK(batch.max_in_flight() == 2);
    CHECK(batch.each_completed_once());
}

TEST_CASE("threadpool runs fewer tasks at once after 429s and more again as they succeed",
          "[scheduler][rate-limit]") {
    struct logged {
        evo_log_level level;
        std::string message;
    };
    std::mutex mutex;
    std::vector<logged> log;
    threadpool_scheduler pool(4, nullptr, [&](evo_log_level level, const std::string& message) {
        std::lock_guard lock(mutex);
        log.push_back({level, message});
    });
    cancellable_call call;
    // The first four meet, so all four run at once, and each is rate limited; the rest pass,
    // once those four have completed (the pool records a status before it completes the task),
    // so the window sees four 429s and then successes only.
    std::latch meeting(4);
    recording_batch* batch_seen = nullptr;
    recording_batch batch(200, 0, [&](uint64_t index) {
        if (index < 4) {
            meeting.arrive_and_wait();
            return EVO_ERR_RATE_LIMITED;
        }
        for (uint64_t first = 0; first < 4; ++first)
            while (batch_seen->status(first) == -1) std::this_thread::yield();
        return EVO_OK;
    });
    batch_seen = &batch;

    run_pool(pool, call, batch);

    CHECK(batch.each_completed_once());
    std::lock_guard lock(mutex);
    std::vector<std::string> messages;
    for (const auto& entry : log) {
        CHECK(entry.level == (entry.message.starts_with("rate limited") ? EVO_LOG_INFO
                                                                       : EVO_LOG_DEBUG));
        messages.push_back(entry.message);
    }
    CHECK(messages == std::vector<std::string>{
                          "rate limited (429): at most 2 tasks at once, down from 4",
                          "rate limited (429): at most 1 task at once, down from 2",
                          "no rate limit lately: at most 2 tasks at once, up from 1",
                          "no rate limit lately: at most 3 tasks at once, up from 2",
                          "no rate limit lately: at most 4 tasks at once, up from 3",
                      });
}

TEST_CASE("a failure inside a worker thread fails the run and not the process", "[scheduler]") {
    auto broken = std::make_unique<adaptive_limiter>(
        pressure_limits{}, []() -> system_load { throw std::runtime_error("no readings"); });
    threadpool_scheduler pool(3, std::move(broken));
    cancellable_call call;
    recording_batch batch(10);

    CHECK_THROWS_WITH(run_pool(pool, call, batch), "no readings");

    CHECK(batch.each_completed_once());
    CHECK(batch.run_order().empty());
    CHECK(batch.status(9) == EVO_ERR_INTERNAL);
}

TEST_CASE("threadpool through the C ABI", "[scheduler]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_THREADPOOL_PLUGIN);
    REQUIRE(std::string(descriptor.name) == "threadpool");
    REQUIRE(descriptor.kind == EVO_KIND_SCHEDULER);
    REQUIRE(boost::json::parse(descriptor.config_schema).is_object());
    evo_test::fake_host host;

    SECTION("configured threads bound the batch") {
        evo_test::plugin_instance instance(descriptor, host.api(),
                                           R"({"threads": 3, "adaptive": false})");
        REQUIRE(instance.create_status() == EVO_OK);
        cancellable_call call;
        std::latch meeting(3);
        recording_batch batch(30, 0, meeting_of(meeting, 3));
        CHECK(instance.api<evo_scheduler_api>().run(instance.get(), call.get(), batch.get()) ==
              EVO_OK);
        CHECK(batch.max_in_flight() == 3);
        CHECK(batch.each_completed_once());
    }
    SECTION("the adaptive defaults run a batch on this machine") {
        evo_test::plugin_instance instance(descriptor, host.api(),
                                           R"({"max_load_per_cpu": 2, "min_free_mb": 64})");
        REQUIRE(instance.create_status() == EVO_OK);
        cancellable_call call;
        recording_batch batch(30, 2);
        CHECK(instance.api<evo_scheduler_api>().run(instance.get(), call.get(), batch.get()) ==
              EVO_OK);
        CHECK(batch.max_in_flight() <= 2);
        CHECK(batch.each_completed_once());
    }
    SECTION("a config of the wrong type fails create with a message") {
        evo_test::plugin_instance instance(descriptor, host.api(), R"({"threads": "many"})");
        CHECK(instance.create_status() != EVO_OK);
        CHECK_FALSE(instance.create_error().empty());
    }
}
