// Workers run in the host's sandbox by default: their own namespaces, none of the host's
// files but the system's and the worker module's; `sandbox = false` runs them bare, and a
// host that offers no sandbox makes the calls fail, naming the way out.
#include "plugin_instance.hpp"
#include "scratch_dir.hpp"
#include "worker_processes.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>

using namespace evo::test;
using Catch::Matchers::Contains;

namespace {

std::string namespace_of(const std::string& pid, const char* kind) {
    return std::filesystem::read_symlink("/proc/" + pid + "/ns/" + kind).string();
}

// The only worker of `plugin`, after it judged one source.
pid_t started_worker(const plugin_instance& plugin) {
    REQUIRE(plugin.validate("x = 1\n").status == EVO_OK);
    const auto workers = running_workers();
    REQUIRE(workers.size() == 1);
    return workers.front();
}

} // namespace

TEST_CASE("python-syntax: workers run in the host's sandbox by default", "[python-syntax]") {
    const scratch_dir outside;
    const auto planted = outside.write("secret.txt", "sk-planted-secret\n");
    const plugin_instance plugin(R"({"workers": 1})");
    const std::string worker = std::to_string(started_worker(plugin));
    CHECK(namespace_of(worker, "net") != namespace_of("self", "net"));
    CHECK(namespace_of(worker, "mnt") != namespace_of("self", "mnt"));
    CHECK(namespace_of(worker, "pid") != namespace_of("self", "pid"));
    // The worker's view of the file system: the planted file and $HOME are not in it.
    const std::filesystem::path root = "/proc/" + worker + "/root";
    CHECK_FALSE(std::filesystem::exists(root / planted.relative_path()));
    CHECK(std::filesystem::exists(root / "usr/bin"));
    if (const char* home = getenv("HOME"); home && std::string(home) != "/")
        CHECK_FALSE(std::filesystem::exists(root / std::filesystem::path(home).relative_path()));
    // Verdicts are the compiler's, as outside.
    const validation broken = plugin.validate("return 1\n");
    REQUIRE(broken.findings.size() == 1);
    CHECK(broken.findings[0].rule_id == "PY-SYNTAX");
}

TEST_CASE("python-syntax: killing a sandboxed worker's sandbox ends the interpreter",
          "[python-syntax]") {
    pid_t worker = 0;
    {
        const plugin_instance plugin(R"({"workers": 1})");
        worker = started_worker(plugin);
    } // the plugin kills the process it holds: bwrap
    CHECK(eventually([&] { return process_state(worker) == 0; }, std::chrono::seconds(5)));
}

TEST_CASE("python-syntax: sandbox = false runs the workers unsandboxed", "[python-syntax]") {
    const plugin_instance plugin(R"({"workers": 1, "sandbox": false})");
    const std::string worker = std::to_string(started_worker(plugin));
    CHECK(namespace_of(worker, "net") == namespace_of("self", "net"));
    CHECK(namespace_of(worker, "mnt") == namespace_of("self", "mnt"));
    const validation broken = plugin.validate("return 1\n");
    REQUIRE(broken.findings.size() == 1);
    CHECK(broken.findings[0].rule_id == "PY-SYNTAX");
}

TEST_CASE("python-syntax: without the host's sandbox service the calls fail closed",
          "[python-syntax]") {
    evo_test::fake_host old_host; // no sandbox_command, as a 1.0 host
    const evo_test::plugin_instance plugin(python_syntax_descriptor(), old_host.api(),
                                           R"({"workers": 1})");
    REQUIRE(plugin.create_status() == EVO_OK);
    evo_test::cancellable_call call;
    const validation result = evo_test::validate(plugin, "x = 1\n", "python", call.get());
    CHECK(result.status == EVO_ERR_UNAVAILABLE);
    CHECK_THAT(result.error, Contains("no sandbox") && Contains("`sandbox = false`"));
    CHECK(running_workers().empty());
}

TEST_CASE("python-syntax: a sandbox that cannot run the worker fails the call with its reason",
          "[python-syntax]") {
    evo_test::fake_host host;
    host.on_sandbox_command([](const auto&, const auto&, std::vector<std::string>& words) {
        words = {"the sandbox needs bubblewrap, and no bwrap is in PATH"};
        return EVO_ERR_UNAVAILABLE;
    });
    const evo_test::plugin_instance plugin(python_syntax_descriptor(), host.api(), R"({"workers": 1})");
    REQUIRE(plugin.create_status() == EVO_OK);
    evo_test::cancellable_call call;
    const validation result = evo_test::validate(plugin, "x = 1\n", "python", call.get());
    CHECK(result.status == EVO_ERR_UNAVAILABLE);
    CHECK_THAT(result.error, Contains("no bwrap is in PATH") && Contains("`sandbox = false`"));
}

// bwrap's --die-with-parent ties the program to bwrap, not bwrap to the host thread that
// happened to start it: a worker outlives that thread.
TEST_CASE("python-syntax: a sandboxed worker outlives the thread that started it", "[python-syntax]") {
    const plugin_instance plugin(R"({"workers": 1})");
    std::thread([&] { REQUIRE(plugin.validate("x = 1\n").status == EVO_OK); }).join();
    const auto workers = running_workers();
    REQUIRE(workers.size() == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const validation later = plugin.validate("x = 1\n");
    CHECK(later.status == EVO_OK);
    CHECK(later.findings.empty());
    CHECK(running_workers() == workers);
}
