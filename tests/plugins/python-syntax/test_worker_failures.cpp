// Workers that crash, hang, are cancelled or cannot start: the source is rejected or the
// call fails closed, the host survives, and the next call gets a fresh worker.
#include "plugin_instance.hpp"
#include "worker_processes.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <future>

using namespace evo::test;
using Catch::Matchers::Contains;

namespace {

// Compiles for seconds, so it can be interrupted while the worker is at it.
std::string slow_source() {
    std::string text;
    for (int i = 0; i < 200000; ++i)
        text += "x = 1\n";
    return text;
}

void require_compiles(const plugin_instance& plugin, std::string_view source) {
    const validation result = plugin.validate(source);
    REQUIRE(result.status == EVO_OK);
    REQUIRE(result.findings.empty());
}

// The only worker of `plugin`, started and idle.
pid_t started_worker(const plugin_instance& plugin) {
    require_compiles(plugin, "x = 1\n");
    const auto workers = running_workers();
    REQUIRE(workers.size() == 1);
    return workers.front();
}

void check_next_call_works(const plugin_instance& plugin) {
    require_compiles(plugin, "x = 1\n");
    const validation broken = plugin.validate("return 1\n");
    REQUIRE(broken.status == EVO_OK);
    REQUIRE(broken.findings.size() == 1);
    CHECK(broken.findings[0].rule_id == "PY-SYNTAX");
}

} // namespace

// SIGABRT, as a failed assertion inside the compiler would raise; the plugin must report
// that signal, not the SIGKILL it sends when it collects a dead worker.
TEST_CASE("python-syntax: a worker killed mid-request rejects the source and is replaced",
          "[python-syntax]") {
    const plugin_instance plugin(R"({"workers": 1})");
    const pid_t worker = started_worker(plugin);
    auto pending = std::async(std::launch::async, [&] { return plugin.validate(slow_source()); });
    REQUIRE(eventually([&] { return process_state(worker) == 'R'; }));
    REQUIRE(kill(worker, SIGABRT) == 0);

    const validation result = pending.get();
    REQUIRE(result.status == EVO_OK);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].rule_id == "PY-COMPILER-CRASH");
    CHECK_THAT(result.findings[0].message, Contains("the compiler crashed on this input"));
    CHECK_THAT(result.findings[0].message, Contains("was killed by signal 6 (Aborted)"));
    check_next_call_works(plugin);
}

// SIGKILL is what the out-of-memory killer sends: the machine's limit, not a crash.
TEST_CASE("python-syntax: a worker killed by SIGKILL leaves the source not checked",
          "[python-syntax][limits]") {
    const plugin_instance plugin(R"({"workers": 1})");
    const pid_t worker = started_worker(plugin);
    auto pending = std::async(std::launch::async, [&] { return plugin.validate(slow_source()); });
    REQUIRE(eventually([&] { return process_state(worker) == 'R'; }));
    REQUIRE(kill(worker, SIGKILL) == 0);

    const validation result = pending.get();
    CHECK(result.status == EVO_ERR_UNAVAILABLE);
    CHECK(result.findings.empty());
    CHECK_THAT(result.error, Contains("not checked") && Contains("was killed by signal 9"));
    check_next_call_works(plugin);
}

// A limit is not a verdict: the source is not checked, and the error names the key to raise.
TEST_CASE("python-syntax: a source that takes longer than timeout_ms is not checked",
          "[python-syntax][limits]") {
    const plugin_instance plugin(R"({"workers": 1, "timeout_ms": 300})");
    const pid_t worker = started_worker(plugin);
    const validation result = plugin.validate(slow_source());
    CHECK(result.status == EVO_ERR_TIMEOUT);
    CHECK(result.findings.empty());
    CHECK(result.error ==
          "not checked: the compiler did not finish within timeout_ms = 300; raise timeout_ms to "
          "check this file");
    // Killed and reaped; in the sandbox the kernel ends it a moment after bwrap.
    CHECK(eventually([&] { return process_state(worker) == 0; }, std::chrono::seconds(5)));
    check_next_call_works(plugin);
}

TEST_CASE("python-syntax: a cancelled call fails with EVO_ERR_CANCELLED", "[python-syntax]") {
    const plugin_instance plugin(R"({"workers": 1})");
    const pid_t worker = started_worker(plugin);
    std::atomic<bool> cancel{false};
    auto pending = std::async(std::launch::async,
                              [&] { return plugin.validate(slow_source(), "slow.py", {&cancel}); });
    REQUIRE(eventually([&] { return process_state(worker) == 'R'; }));
    cancel = true;
    const validation result = pending.get();
    CHECK(result.status == EVO_ERR_CANCELLED);
    CHECK(result.findings.empty());
    check_next_call_works(plugin);
}

TEST_CASE("python-syntax: a call whose deadline passes fails with EVO_ERR_TIMEOUT",
          "[python-syntax]") {
    const plugin_instance plugin(R"({"workers": 1})");
    started_worker(plugin);
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const int64_t soon = std::chrono::duration_cast<std::chrono::milliseconds>(now).count() + 300;
    const validation result = plugin.validate(slow_source(), "slow.py", {nullptr, soon});
    CHECK(result.status == EVO_ERR_TIMEOUT);
    CHECK(result.findings.empty());
    check_next_call_works(plugin);
}

TEST_CASE("python-syntax: a missing worker module or interpreter is refused at creation",
          "[python-syntax]") {
    CHECK_THROWS_WITH(plugin_instance(R"({"worker": "/nonexistent/evo-python-syntax-worker.so"})"),
                      Contains("cannot read the worker module "
                               "/nonexistent/evo-python-syntax-worker.so: No such file"));
    CHECK_THROWS_WITH(plugin_instance(R"({"python": "/nonexistent/python3.11"})"),
                      Contains("cannot run the interpreter /nonexistent/python3.11: No such file"));
}

TEST_CASE("python-syntax: a module that is not a worker fails the call", "[python-syntax]") {
    const plugin_instance plugin(R"({"worker": "/bin/true"})");
    const validation result = plugin.validate("x = 1\n");
    CHECK(result.status == EVO_ERR_UNAVAILABLE);
    CHECK_THAT(result.error, Contains("/bin/true exited with status 3 while starting"));
}

TEST_CASE("python-syntax: an interpreter that does not load the module fails the call",
          "[python-syntax]") {
    const plugin_instance plugin(R"({"python": "/bin/true"})");
    const validation result = plugin.validate("x = 1\n");
    CHECK(result.status == EVO_ERR_UNAVAILABLE);
    CHECK_THAT(result.error, Contains("exited with status 0 while starting"));
}

TEST_CASE("python-syntax: workers start on demand, are reused, and end with the instance",
          "[python-syntax]") {
    {
        const plugin_instance plugin(R"({"workers": 4})");
        CHECK(running_workers().empty());
        for (int i = 0; i < 20; ++i)
            require_compiles(plugin, "x = 1\n");
        CHECK(running_workers().size() == 1);
    }
    CHECK(eventually([] { return running_workers().empty(); }, std::chrono::seconds(5)));
}
