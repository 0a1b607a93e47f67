// The redis-streams scheduler through the C ABI, against a real redis-server on a loopback
// port: run() in one instance, serve() in others (threads here, or a child process to kill).
#include "described_batch.hpp"
#include "plugin_module.hpp"
#include "redis_server.hpp"

#include <hiredis/hiredis.h>

#include <catch2/catch.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace {

using namespace std::chrono_literals;
using evo_test::cancellable_call;
using evo_test::described_batch;
using evo_test::fake_host;
using evo_test::plugin_instance;

const evo_plugin_descriptor& plugin() {
    return evo_test::load_descriptor(EVO_REDIS_STREAMS_PLUGIN);
}

std::string config(const evo::test::redis_server& server, const std::string& extra = "") {
    return R"({"url": ")" + server.url() + R"(", "poll_ms": 50, "claim_after_ms": 600)" +
           (extra.empty() ? "" : ", " + extra) + "}";
}

// Waits for a condition; the limit only guards against a hang, it is not what is tested.
template <class Condition> bool eventually(Condition condition) {
    for (auto limit = std::chrono::steady_clock::now() + 30s;
         std::chrono::steady_clock::now() < limit; std::this_thread::sleep_for(5ms))
        if (condition()) return true;
    return condition();
}

// A raw hiredis connection, to look at what the plugin left in Redis.
struct raw_redis {
    std::unique_ptr<redisContext, decltype(&redisFree)> c;
    explicit raw_redis(uint16_t port) : c(redisConnect("127.0.0.1", port), &redisFree) {
        if (!c || c->err) throw std::runtime_error("cannot connect to the test redis");
    }
    template <class... Args>
    std::unique_ptr<redisReply, decltype(&freeReplyObject)> query(const char* format,
                                                                  Args... args) {
        auto* r = static_cast<redisReply*>(redisCommand(c.get(), format, args...));
        if (!r) throw std::runtime_error("the test redis went away");
        return {r, &freeReplyObject};
    }
    size_t batch_keys() { return query("KEYS evo:batch:*")->elements; }
    long long integer(const char* command) { return query(command)->integer; }
};

// What `evo worker` hands serve(): runs a description into "<name>#<run>:done:<description>"
// (run: 1 for the first run of that description, 2 for the second...), after
// calling `hook` (which may block, or look at Redis) with the description.
class test_worker {
  public:
    using hook_fn = std::function<void(const std::string& task, int run)>;
    explicit test_worker(std::string name, uint32_t concurrency, hook_fn hook = {})
        : name_(std::move(name)), hook_(std::move(hook)) {
        raw_.struct_size = sizeof raw_;
        raw_.concurrency = concurrency;
        raw_.worker_ctx = this;
        raw_.run_described = &run_described;
    }
    const evo_task_worker* get() const noexcept { return &raw_; }
    int runs(const std::string& task) const {
        std::lock_guard lock(mutex_);
        auto it = runs_.find(task);
        return it == runs_.end() ? 0 : it->second;
    }

  private:
    static evo_status run_described(void* ctx, evo_str task, evo_write_fn out, void* out_ctx) {
        auto& self = *static_cast<test_worker*>(ctx);
        std::string text(task.data, task.size);
        int run;
        {
            std::lock_guard lock(self.mutex_);
            run = ++self.runs_[text];
        }
        if (self.hook_) self.hook_(text, run);
        std::string result = self.name_ + "#" + std::to_string(run) + ":done:" + text;
        return out(out_ctx, {result.data(), result.size()});
    }

    evo_task_worker raw_{};
    std::string name_;
    hook_fn hook_;
    mutable std::mutex mutex_;
    std::map<std::string, int> runs_;
};

// One serve() of its own instance, on its own thread, until stop().
class serving {
  public:
    serving(fake_host& host, const std::string& config_json, const test_worker& worker)
        : instance_(plugin(), host.api(), config_json) {
        if (instance_.create_status() != EVO_OK)
            throw std::runtime_error("create failed: " + instance_.create_error());
        thread_ = std::thread([this, &worker] {
            status_ = instance_.api<evo_scheduler_api>().serve(instance_.get(), call_.get(),
                                                               worker.get());
        });
    }
    ~serving() { stop(); }
    evo_status stop() {
        call_.cancel();
        if (thread_.joinable()) thread_.join();
        return status_;
    }

  private:
    plugin_instance instance_;
    cancellable_call call_;
    std::thread thread_;
    evo_status status_ = EVO_ERR_INTERNAL;
};

struct outcome {
    evo_status status = EVO_ERR_INTERNAL;
    std::string error; // last_error(), read on the thread that ran
};

outcome run(const plugin_instance& client, const evo_call* call, const described_batch& batch) {
    outcome o;
    o.status = client.api<evo_scheduler_api>().run(client.get(), call, batch.get());
    if (o.status != EVO_OK) o.error = client.last_error();
    return o;
}

// A run() on its own thread.
class running {
  public:
    running(const plugin_instance& client, const described_batch& batch)
        : thread_([this, &client, &batch] { outcome_ = run(client, call_.get(), batch); }) {}
    ~running() { // a test that failed early must not wait for a batch that never ends
        cancel();
        finish();
    }
    void cancel() { call_.cancel(); }
    const outcome& finish() {
        if (thread_.joinable()) thread_.join();
        return outcome_;
    }

  private:
    cancellable_call call_;
    outcome outcome_;
    std::thread thread_;
};

} // namespace

TEST_CASE("redis-streams: two workers serve a batch, each task reported once with its result",
          "[redis-streams]") {
    evo::test::redis_server server;
    fake_host host;
    test_worker one("one", 2), two("two", 2);
    serving first(host, config(server), one), second(host, config(server), two);
    plugin_instance client(plugin(), host.api(), config(server, R"("window": 4)"));
    REQUIRE(client.create_status() == EVO_OK);

    described_batch batch(40);
    cancellable_call call;
    outcome o = run(client, call.get(), batch);
    REQUIRE(o.status == EVO_OK);
    CHECK(batch.each_completed_once());
    for (uint64_t i = 0; i < 40; ++i) {
        CHECK(batch.accepts(i) == 1);
        CHECK(batch.status(i) == EVO_OK);
        CHECK_THAT(batch.result(i), Catch::EndsWith(":done:task-" + std::to_string(i)));
    }
    CHECK(batch.local_runs() == 0);
    raw_redis redis(server.port());
    CHECK(redis.batch_keys() == 0);
    CHECK(redis.integer("XLEN evo:tasks") == 0);
    CHECK(first.stop() == EVO_OK);
    CHECK(second.stop() == EVO_OK);
    // Consumers with nothing pending left the group.
    CHECK(redis.query("XINFO CONSUMERS evo:tasks evo-workers")->elements == 0);
}

TEST_CASE("redis-streams: tasks added before any worker exists are not lost", "[redis-streams]") {
    evo::test::redis_server server;
    fake_host host;
    plugin_instance client(plugin(), host.api(), config(server));
    described_batch batch(5);
    running r(client, batch);
    raw_redis redis(server.port());
    REQUIRE(eventually([&] { return redis.integer("XLEN evo:tasks") == 5; }));
    test_worker late("late", 1);
    serving worker(host, config(server), late);
    REQUIRE(eventually([&] { return batch.completed() == 5; }));
    REQUIRE(r.finish().status == EVO_OK);
    CHECK(batch.each_completed_once());
    for (uint64_t i = 0; i < 5; ++i)
        CHECK(batch.status(i) == EVO_OK);
}

TEST_CASE("redis-streams: the task of a worker killed mid-task is reclaimed and reported once",
          "[redis-streams]") {
    evo::test::redis_server server;
    const evo_plugin_descriptor& descriptor = plugin();
    int taken[2];
    REQUIRE(pipe(taken) == 0);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) { // the worker that dies: it takes one task and never finishes it
        close(taken[0]);
        fake_host host;
        plugin_instance instance(descriptor, host.api(), config(server));
        test_worker doomed("doomed", 1, [&](const std::string& task, int) {
            (void)!write(taken[1], task.data(), task.size());
            for (;;)
                pause();
        });
        cancellable_call call;
        instance.api<evo_scheduler_api>().serve(instance.get(), call.get(), doomed.get());
        _exit(1);
    }
    close(taken[1]);

    fake_host host;
    plugin_instance client(plugin(), host.api(), config(server));
    described_batch batch(6);
    running r(client, batch);

    pollfd wait_for_task{taken[0], POLLIN, 0};
    REQUIRE(poll(&wait_for_task, 1, 30000) == 1);
    char buffer[64] = {};
    REQUIRE(read(taken[0], buffer, sizeof buffer - 1) > 0);
    close(taken[0]);
    const std::string dead_task = buffer;
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status));

    test_worker alive("alive", 1);
    serving worker(host, config(server), alive);
    REQUIRE(eventually([&] { return batch.completed() == 6; }));
    REQUIRE(r.finish().status == EVO_OK);
    CHECK(batch.each_completed_once());
    for (uint64_t i = 0; i < 6; ++i) {
        CHECK(batch.accepts(i) == 1);
        CHECK(batch.status(i) == EVO_OK);
        CHECK_THAT(batch.result(i), Catch::StartsWith("alive#1:"));
    }
    CHECK(alive.runs(dead_task) == 1);
    raw_redis redis(server.port());
    CHECK(redis.batch_keys() == 0);
}

TEST_CASE("redis-streams: a task run twice is reported once", "[redis-streams]") {
    evo::test::redis_server server;
    fake_host host;
    // The first run of task-3 puts a copy of its entry in the stream (as a reclaim after a
    // missed heartbeat would) and waits until the other thread has run that copy too.
    std::atomic<bool> copied{false};
    test_worker* self = nullptr;
    test_worker twice("w", 2, [&](const std::string& task, int run) {
        if (task != "task-3" || run != 1) return;
        raw_redis redis(server.port());
        auto entries = redis.query("XRANGE evo:tasks - +");
        for (size_t e = 0; e < entries->elements; ++e) {
            const redisReply* fields = entries->element[e]->element[1];
            std::map<std::string, std::string> f;
            for (size_t i = 0; i + 1 < fields->elements; i += 2)
                f[fields->element[i]->str] = fields->element[i + 1]->str;
            if (f["task"] != task) continue;
            redis.query("XADD evo:tasks * batch %s index %s task %s", f["batch"].c_str(),
                        f["index"].c_str(), f["task"].c_str());
            copied = true;
            break;
        }
        eventually([&] { return self->runs(task) == 2; });
    });
    self = &twice;
    serving worker(host, config(server), twice);
    plugin_instance client(plugin(), host.api(), config(server));
    described_batch batch(6);
    cancellable_call call;
    REQUIRE(run(client, call.get(), batch).status == EVO_OK);
    CHECK(copied);
    CHECK(twice.runs("task-3") == 2);
    CHECK(batch.each_completed_once());
    CHECK(batch.accepts(3) == 1);
    CHECK(batch.status(3) == EVO_OK);
    CHECK(batch.result(3) == "w#2:done:task-3"); // the first result recorded stays
    worker.stop();
    raw_redis redis(server.port());
    CHECK(redis.batch_keys() == 0);
    CHECK(redis.integer("XLEN evo:tasks") == 0);
}

TEST_CASE("redis-streams: cancelling a batch reports the rest cancelled and leaves no keys",
          "[redis-streams]") {
    evo::test::redis_server server;
    fake_host host;
    std::atomic<bool> blocked{false}, released{false};
    test_worker slow("slow", 1, [&](const std::string& task, int) {
        if (task != "task-5") return;
        blocked = true;
        eventually([&] { return released.load(); });
    });
    serving worker(host, config(server), slow);
    plugin_instance client(plugin(), host.api(), config(server, R"("window": 8)"));
    described_batch batch(20);
    running r(client, batch);
    REQUIRE(eventually([&] { return batch.completed() == 5 && blocked; }));
    r.cancel();
    const outcome& o = r.finish();
    CHECK(o.status == EVO_ERR_CANCELLED);
    CHECK_THAT(o.error, Catch::Contains("cancelled with 15 of 20 tasks unfinished"));
    CHECK(batch.each_completed_once());
    for (uint64_t i = 0; i < 20; ++i)
        CHECK(batch.status(i) == (i < 5 ? EVO_OK : EVO_ERR_CANCELLED));
    raw_redis redis(server.port());
    CHECK(redis.batch_keys() == 0);
    CHECK(redis.integer("XLEN evo:tasks") == 0);

    released = true; // the task in hand finishes: its result is dropped, nothing comes back
    REQUIRE(eventually(
        [&] { return redis.query("XPENDING evo:tasks evo-workers")->element[0]->integer == 0; }));
    CHECK(worker.stop() == EVO_OK);
    CHECK(redis.batch_keys() == 0);
    CHECK(slow.runs("task-6") == 0);
}

TEST_CASE("redis-streams: Redis down at start fails the batch, naming the URL", "[redis-streams]") {
    evo::test::redis_server server;
    const std::string url = server.url();
    server.stop();
    fake_host host;
    plugin_instance client(plugin(), host.api(), config(server));
    REQUIRE(client.create_status() == EVO_OK); // create opens no connection
    described_batch batch(3);
    cancellable_call call;
    outcome o = run(client, call.get(), batch);
    CHECK(o.status == EVO_ERR_UNAVAILABLE);
    CHECK_THAT(o.error, Catch::Contains(url));
    CHECK(batch.each_completed_once());
    CHECK(batch.status(0) == EVO_ERR_UNAVAILABLE);
}

TEST_CASE("redis-streams: Redis lost mid-batch fails it, naming the URL", "[redis-streams]") {
    evo::test::redis_server server;
    fake_host host;
    plugin_instance client(plugin(), host.api(), config(server));
    described_batch batch(4);
    running r(client, batch);
    {
        raw_redis redis(server.port());
        REQUIRE(eventually([&] { return redis.integer("XLEN evo:tasks") == 4; }));
    }
    server.stop();
    const outcome& o = r.finish();
    CHECK(o.status == EVO_ERR_UNAVAILABLE);
    CHECK_THAT(o.error, Catch::Contains(server.url()));
    CHECK(batch.each_completed_once());
    CHECK(batch.status(3) == EVO_ERR_UNAVAILABLE);
}

TEST_CASE("redis-streams: no worker reporting is one warning naming the URL", "[redis-streams]") {
    evo::test::redis_server server;
    fake_host host;
    plugin_instance client(plugin(), host.api(), config(server, R"("stall_warning_ms": 100)"));
    described_batch batch(2);
    running r(client, batch);
    auto warned = [&] {
        size_t count = 0;
        for (const auto& entry : host.logs())
            if (entry.level == EVO_LOG_WARN &&
                entry.message.find("is `evo worker` running against " + server.url()) !=
                    std::string::npos)
                ++count;
        return count;
    };
    REQUIRE(eventually([&] { return warned() == 1; }));
    r.cancel();
    CHECK(r.finish().status == EVO_ERR_CANCELLED);
    CHECK(warned() == 1);
    CHECK(batch.each_completed_once());
}

TEST_CASE("redis-streams: a batch that cannot be described is refused", "[redis-streams]") {
    evo::test::redis_server server;
    fake_host host;
    plugin_instance client(plugin(), host.api(), config(server));
    described_batch batch(3, /*describable=*/false);
    cancellable_call call;
    outcome o = run(client, call.get(), batch);
    CHECK(o.status == EVO_ERR_UNSUPPORTED);
    CHECK(o.error == "this batch cannot be described for remote workers");
    CHECK(batch.local_runs() == 0);
    CHECK(batch.each_completed_once());
}

TEST_CASE("redis-streams: a remote address is refused before any connection",
          "[redis-streams][remote-address]") {
    unsetenv("EVO_ALLOW_REMOTE_REDIS");
    fake_host host;
    // 192.0.2.0/24 is TEST-NET-1: nothing answers there; the refusal comes before any socket.
    plugin_instance client(plugin(), host.api(), R"({"url": "redis://192.0.2.1:6379"})");
    CHECK(client.create_status() == EVO_ERR_FORBIDDEN);
    CHECK_THAT(client.create_error(), Catch::Contains("EVO_ALLOW_REMOTE_REDIS=1"));
}

TEST_CASE("redis-streams: a worker waits out Redis going away and serves again",
          "[redis-streams]") {
    evo::test::redis_server server;
    fake_host host;
    test_worker patient("patient", 1);
    serving worker(host, config(server), patient);
    server.stop();
    auto logged = [&](const std::string& text) {
        for (const auto& m : host.messages())
            if (m.find(text) != std::string::npos) return true;
        return false;
    };
    REQUIRE(eventually([&] { return logged("retrying until it is back"); }));
    server.start();
    plugin_instance client(plugin(), host.api(), config(server));
    described_batch batch(3);
    cancellable_call call;
    REQUIRE(run(client, call.get(), batch).status == EVO_OK);
    CHECK(batch.each_completed_once());
    CHECK(logged(server.url() + " is back"));
    CHECK(worker.stop() == EVO_OK);
}
