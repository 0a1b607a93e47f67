// Where evo meets the operating system: a tool that stops reading, special files named as
// inputs, and signals. Every wait here is bounded (kill_after), and nothing is timed.
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <memory>

#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

// Bounds every wait for an evo that should end by itself; reaching it fails the test.
constexpr std::chrono::seconds patience{120};

run_options bounded() {
    run_options options;
    options.kill_after = patience;
    return options;
}

// python-syntax alone: judges .py files, inline (no scheduler).
std::string python_syntax_manifest() {
    return "[pipeline]\nvalidators = [\"python-syntax\"]\n[plugins.python-syntax]\n";
}

// Waits, within patience, until `done()`; false if it never came true.
template <typename Condition> bool eventually(Condition done) {
    auto give_up = std::chrono::steady_clock::now() + patience;
    while (!done()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

// Whether `signal` sent to the process `pid` waits undelivered (ShdPnd in /proc/PID/status).
bool pending(pid_t pid, int signal) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("ShdPnd:")) {
            unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
            return (mask >> (signal - 1)) & 1;
        }
    return false; // gone
}

// evo validating one file with fixture-stubborn, which ignores requests to stop: started, and
// inside the plugin's validate() once busy() exists.
struct stuck_evo {
    scratch_dir dir;
    std::filesystem::path busy = dir.path() / "busy";
    std::unique_ptr<evo_process> evo;

    stuck_evo() {
        auto manifest =
            dir.write("evo.toml", fixture_plugin_path_line() +
                                      "[pipeline]\nvalidators = [\"fixture-stubborn\"]\n"
                                      "[plugins.fixture-stubborn]\n");
        auto source = dir.write("x.py", "x = 1\n");
        run_options options = bounded();
        options.env["EVO_FIXTURE_BUSY_MARKER"] = busy.string();
        evo = std::make_unique<evo_process>(
            std::vector<std::string>{"-m", manifest.string(), "validate", source.string()},
            options);
        REQUIRE(eventually([&] { return std::filesystem::exists(busy); }));
    }
    // Sends `signal` and waits until evo has taken it (so a second one is not merged into it).
    void send(int signal) {
        REQUIRE(kill(evo->pid(), signal) == 0);
        REQUIRE(eventually([&] { return !pending(evo->pid(), signal); }));
    }
};

} // namespace

TEST_CASE("a tool that exits without reading its input does not kill evo (SIGPIPE)",
          "[cli][signals]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", "[pipeline]\nvalidators = [\"shell-syntax\"]\n"
                                          "[plugins.shell-syntax]\nbash = \"true\"\n");
    std::string script;
    while (script.size() < 2 * 1024 * 1024)
        script += "echo 'a line of a big script'\n";
    auto big = dir.write("big.sh", script);
    auto result = run_evo({"-m", manifest.string(), "validate", big.string()}, bounded());
    INFO(result.err);
    CHECK_FALSE(result.killed);
    CHECK(result.exit_code != 128 + SIGPIPE);
    CHECK(result.exit_code == 0); // `true` accepts every script
}

TEST_CASE("a FIFO named as an input is skipped with the reason, never opened",
          "[cli][validate][signals]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", python_syntax_manifest());
    auto fifo = dir.path() / "x.py";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    dir.write("ok.py", "x = 1\n");

    SECTION("named alone: skipped, and nothing failed") {
        auto result = run_evo({"-m", manifest.string(), "validate", fifo.string()}, bounded());
        INFO(result.err);
        REQUIRE_FALSE(result.killed);
        CHECK(result.exit_code == 0);
        CHECK_THAT(result.err, Contains("evo: skipped " + fifo.string() +
                                        ": a FIFO (named pipe), not a regular file\n"));
    }
    SECTION("found in a directory: skipped with the reason in --json, the rest checked") {
        auto result =
            run_evo({"-m", manifest.string(), "validate", "--format", "json", dir.path().string()},
                    bounded());
        INFO(result.err);
        REQUIRE_FALSE(result.killed);
        CHECK(result.exit_code == 0);
        CHECK_THAT(result.out,
                   Contains(R"({"file":")" + fifo.string() +
                            R"(","reason":"a FIFO (named pipe), not a regular file"})"));
        CHECK_THAT(result.out, Contains(R"("files":1,)"));
    }
}

TEST_CASE("a character device named as an input is skipped, not read", "[cli][validate][signals]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", python_syntax_manifest());
    auto device = dir.path() / "zero.py";
    std::filesystem::create_symlink("/dev/zero", device); // reading it would never end
    auto result = run_evo({"-m", manifest.string(), "validate", device.string()}, bounded());
    INFO(result.err);
    REQUIRE_FALSE(result.killed);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.err, Contains("evo: skipped " + device.string() + ": a character device"));
}

TEST_CASE("SIGINT during a long run exits 130", "[cli][signals]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", python_syntax_manifest());
    std::string slow; // compiles for seconds
    for (int i = 0; i < 200000; ++i)
        slow += "x = 1\n";
    for (int i = 0; i < 40; ++i)
        dir.write("src/slow" + std::to_string(i) + ".py", slow);

    evo_process evo({"-m", manifest.string(), "validate", (dir.path() / "src").string()},
                    bounded());
    // Its first worker process shows evo is past start-up (handlers installed) and at work.
    auto give_up = std::chrono::steady_clock::now() + patience;
    while (!evo.has_child() && std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(kill(evo.pid(), SIGINT) == 0);
    auto result = evo.wait();
    INFO(result.err);
    REQUIRE_FALSE(result.killed);
    CHECK(result.exit_code == 130);
    CHECK_THAT(result.err,
               EndsWith("evo: error: interrupted\n")); // not killed by the signal: handled
}

TEST_CASE("a second SIGINT ends evo at once, even inside a plugin that ignores the first",
          "[cli][signals]") {
    stuck_evo stuck;
    stuck.send(SIGINT);
    stuck.send(SIGINT);
    auto result = stuck.evo->wait();
    INFO(result.err);
    REQUIRE_FALSE(result.killed);
    CHECK(result.exit_code == 130);
    CHECK(result.err == "evo: error: stopped at once (a second request to stop)\n");
}

TEST_CASE("SIGTERM alone ends evo (143), even inside a plugin that ignores it", "[cli][signals]") {
    stuck_evo stuck; // evo's grace for the work in progress (10 s) passes, then it ends
    stuck.send(SIGTERM);
    auto result = stuck.evo->wait();
    INFO(result.err);
    REQUIRE_FALSE(result.killed);
    CHECK(result.exit_code == 143);
    CHECK_THAT(result.err, StartsWith("evo: error: stopped at once (the work in progress ignored"));
}

TEST_CASE("a FIFO named as the manifest is refused, not waited on", "[cli][signals][manifest]") {
    scratch_dir dir;
    auto fifo = dir.path() / "evo.toml";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    auto result = run_evo({"-m", fifo.string(), "manifest", "check"}, bounded());
    REQUIRE_FALSE(result.killed);
    CHECK(result.exit_code == 2);
    CHECK(result.err ==
          "evo: error: " + fifo.string() +
              ": cannot read the manifest: a FIFO (named pipe), not a regular file\n");
}
