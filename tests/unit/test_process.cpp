// run_process: stop requests, cleanup on every path, the minimal environment, EPIPE, the cap.
#include <evo/host/process.hpp>

#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>

using evo::host::process_spec;
using evo::host::run_process;
using Catch::Matchers::Contains;

namespace {

evo::host::output_fn collect(std::string& into) {
    return [&into](std::string_view chunk) {
        into.append(chunk);
        return true;
    };
}

} // namespace

TEST_CASE("a callback's stop request kills the program", "[process]") {
    process_spec spec;
    spec.argv = {"sh", "-c", "while :; do echo y; done"};
    spec.timeout_ms = 20000;
    std::size_t chunks = 0;
    auto stop_after_three = [&chunks](std::string_view) { return ++chunks < 3; };
    auto status = run_process(spec, nullptr, stop_after_three, {});
    CHECK(status.stopped);
    CHECK_FALSE(status.timed_out);
    CHECK(status.term_signal == SIGKILL);
    CHECK(chunks == 3);
}

TEST_CASE("a callback that throws leaves no process behind", "[process]") {
    process_spec spec;
    spec.argv = {"sh", "-c", "echo $$; exec sleep 30"};
    pid_t child = 0;
    auto throw_on_pid = [&child](std::string_view chunk) -> bool {
        child = std::stoi(std::string(chunk));
        throw std::runtime_error("callback failed");
    };
    CHECK_THROWS_WITH(run_process(spec, nullptr, throw_on_pid, {}), "callback failed");
    REQUIRE(child > 0);
    CHECK(kill(child, 0) != 0); // killed and reaped, not a zombie
}

TEST_CASE("a child that stops reading its input is not an error, SIGPIPE or not", "[process]") {
    const std::string input(8 << 20, 'x');
    process_spec spec;
    spec.argv = {"true"};
    spec.stdin_data = input;
    for (auto disposition : {SIG_DFL, SIG_IGN}) {
        auto previous = signal(SIGPIPE, disposition);
        auto status = run_process(spec, nullptr, {}, {});
        signal(SIGPIPE, previous);
        CHECK(status.exit_code == 0);
    }
}

TEST_CASE("children get a minimal environment plus what the caller grants", "[process]") {
    setenv("EVO_TEST_SECRET_API_KEY", "sk-secret", 1);
    setenv("EVO_TEST_GRANTED", "yes", 1);
    process_spec spec;
    spec.argv = {"env"};
    spec.granted_env = {"EVO_TEST_GRANTED"};
    std::string out;
    auto status = run_process(spec, nullptr, collect(out), {});
    CHECK(status.exit_code == 0);
    CHECK_THAT(out, !Contains("sk-secret"));
    CHECK_THAT(out, Contains("EVO_TEST_GRANTED=yes"));
    CHECK_THAT(out, Contains("PATH="));
}

TEST_CASE("output past the cap is counted and dropped", "[process]") {
    process_spec spec;
    spec.argv = {"head", "-c", "100000", "/dev/zero"};
    spec.output_limit_bytes = 1000;
    std::string out;
    auto status = run_process(spec, nullptr, collect(out), {});
    CHECK(status.exit_code == 0);
    CHECK(out.size() == 1000);
    CHECK(status.stdout_dropped == 99000);
}

TEST_CASE("a missing program is command_not_found", "[process]") {
    process_spec spec;
    spec.argv = {"no-such-program-evo"};
    CHECK_THROWS_AS(run_process(spec, nullptr, {}, {}), evo::host::command_not_found);
}

TEST_CASE("a program that exec cannot run is an error, and nothing is left behind", "[process]") {
    evo::test::scratch_dir dir;
    const auto bogus = dir.write("not-a-program", std::string("\x7f" "ELF garbage", 12));
    std::filesystem::permissions(bogus, std::filesystem::perms::owner_all);
    process_spec spec;
    spec.argv = {bogus.string()};
    CHECK_THROWS_AS(run_process(spec, nullptr, {}, {}), std::system_error);
}

namespace {

// Runs `spec` with evo's own stdout and stderr pointed at files, and returns what reached them.
std::pair<std::string, std::string> run_with_standard_streams_in_files(const process_spec& spec, bool& called) {
    evo::test::scratch_dir dir;
    const auto out_path = dir.file("stdout"), err_path = dir.file("stderr");
    std::fflush(stdout), std::fflush(stderr);
    const int saved_out = dup(1), saved_err = dup(2);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    dup2(out, 1), dup2(err, 2);
    auto note = [&called](std::string_view) { called = true; return true; };
    evo::host::process_status status;
    try {
        status = run_process(spec, nullptr, note, note);
    } catch (...) {
        dup2(saved_out, 1), dup2(saved_err, 2);
        throw;
    }
    dup2(saved_out, 1), dup2(saved_err, 2);
    for (int fd : {saved_out, saved_err, out, err}) close(fd);
    CHECK(status.exit_code == 3);
    auto read = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    return {read(out_path), read(err_path)};
}

} // namespace

TEST_CASE("a program can write to evo's own stdout and stderr", "[process]") {
    process_spec spec;
    spec.argv = {"sh", "-c", "echo to-out; echo to-err >&2; exit 3"};
    spec.inherit_output = true;
    spec.timeout_ms = 20000;
    for (bool sandboxed : {false, true}) {
        INFO("sandbox: " << sandboxed);
        spec.sandbox = sandboxed;
        bool called = false;
        const auto [out, err] = run_with_standard_streams_in_files(spec, called);
        CHECK(out == "to-out\n");
        CHECK(err == "to-err\n");
        CHECK_FALSE(called); // nothing captured
    }
}
