// evo sandbox run: each hostile program must fail to do harm while evo carries on, and a
// benign one must still run normally. Programs are sh or python3 from the host's /usr.
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace evo::test;
using Catch::Matchers::Contains;

namespace {

run_result sandboxed(const std::vector<std::string>& command, const std::vector<std::string>& flags = {},
                     const run_options& options = {}) {
    std::vector<std::string> args{"sandbox", "run"};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back("--");
    args.insert(args.end(), command.begin(), command.end());
    return run_evo(args, options);
}

run_result python(const std::string& program, const std::vector<std::string>& flags = {},
                  const run_options& options = {}) {
    return sandboxed({"python3", "-c", program}, flags, options);
}

// A listening socket, non-blocking, so "did anyone connect?" is an accept that finds nobody.
class listener {
  public:
    explicit listener(int fd) : fd_(fd) { REQUIRE(fd_ >= 0); }
    ~listener() { ::close(fd_); }
    listener(const listener&) = delete;
    listener& operator=(const listener&) = delete;
    bool anyone_connected() const {
        int peer = accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (peer >= 0) ::close(peer);
        return peer >= 0;
    }
    int fd() const { return fd_; }

  private:
    int fd_;
};

int tcp_listen(uint16_t& port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), size) != 0 || listen(fd, 8) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) != 0)
        return -1;
    port = ntohs(addr.sin_port);
    return fd;
}

int unix_listen(const std::string& path) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path.copy(addr.sun_path, sizeof addr.sun_path - 1);
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 8) != 0) return -1;
    return fd;
}

// A process outside the sandbox for hostile programs to aim at; killed at the end.
class bystander {
  public:
    bystander() : pid_(fork()) {
        if (pid_ == 0) {
            execl("/bin/sleep", "sleep", "60", static_cast<char*>(nullptr));
            _exit(127);
        }
    }
    ~bystander() {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    pid_t pid() const { return pid_; }
    bool alive() const { return waitpid(pid_, nullptr, WNOHANG) == 0; }
    bool traced() const {
        std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
        for (std::string line; std::getline(status, line);)
            if (line.rfind("TracerPid:", 0) == 0) return line.find_first_not_of("\t 0", 10) != std::string::npos;
        return false;
    }

  private:
    pid_t pid_;
};

// Whether any process on the host has `marker` in its command line.
bool process_with_marker_exists(const std::string& marker) {
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        std::ifstream cmdline(entry.path() / "cmdline");
        std::stringstream text;
        text << cmdline.rdbuf();
        if (text.str().find(marker) != std::string::npos) return true;
    }
    return false;
}

} // namespace

TEST_CASE("a benign program runs normally: reads stdin, writes its directories, exits 0", "[sandbox]") {
    scratch_dir dir;
    auto input = dir.write("input.txt", "hello from stdin\n");
    run_options options;
    options.stdin_file = input;
    auto result = sandboxed({"sh", "-c", "cat > /tmp/in && cat /tmp/in && echo work > ./f && cat f && pwd"}, {},
                            options);
    CHECK(result.exit_code == 0);
    CHECK(result.out == "hello from stdin\nwork\n/sandbox\n");
    CHECK(result.err.empty());
}

TEST_CASE("the sandbox passes exit codes through, 128+N for a signal, 127 for no such command", "[sandbox]") {
    CHECK(sandboxed({"sh", "-c", "exit 7"}).exit_code == 7);
    CHECK(sandboxed({"sh", "-c", "kill -SEGV $$"}).exit_code == 128 + SIGSEGV);
    auto missing = sandboxed({"no-such-command-evo"});
    CHECK(missing.exit_code == 127);
    CHECK_THAT(missing.err, Contains("evo: error: no-such-command-evo: command not found in the sandbox"));
}

TEST_CASE("without bubblewrap the sandbox is a clear error, not an unsandboxed run", "[sandbox]") {
    run_options options;
    options.env["PATH"] = "/nonexistent";
    auto result = sandboxed({"/usr/bin/true"}, {}, options);
    CHECK(result.exit_code == 3);
    CHECK(result.err ==
          "evo: error: the sandbox needs bubblewrap, and no bwrap is in PATH (Debian: apt install bubblewrap)\n");
}

TEST_CASE("no TCP connection reaches a port listening on the host's loopback", "[sandbox]") {
    uint16_t port = 0;
    listener server(tcp_listen(port));
    auto result = python("import socket\ns = socket.socket()\ns.settimeout(2)\ntry:\n"
                         "    s.connect(('127.0.0.1', " + std::to_string(port) + "))\n    print('CONNECTED')\n"
                         "except OSError as e:\n    print('refused', e.errno)\n");
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Contains("refused"));
    CHECK_FALSE(server.anyone_connected());
}

TEST_CASE("no Unix socket of the host is reachable", "[sandbox]") {
    scratch_dir dir;
    const std::string path = dir.file("server.sock");
    listener server(unix_listen(path));
    auto result = python("import socket\ns = socket.socket(socket.AF_UNIX)\ntry:\n    s.connect('" + path +
                         "')\n    print('CONNECTED')\nexcept OSError as e:\n    print('refused', e.errno)\n");
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Contains("refused"));
    CHECK_FALSE(server.anyone_connected());
}

TEST_CASE("no name resolves: there is no network", "[sandbox]") {
    auto result = python("import socket\ntry:\n    print('RESOLVED', socket.getaddrinfo('example.com', 80))\n"
                         "except OSError as e:\n    print('failed', e)\n"
                         "print(sorted(n for _, n in socket.if_nameindex()))\n");
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Contains("failed"));
    CHECK_THAT(result.out, !Contains("RESOLVED"));
    CHECK_THAT(result.out, Contains("['lo']"));
}

TEST_CASE("nothing is written outside the sandbox's own directories", "[sandbox]") {
    scratch_dir dir;
    const std::string outside = dir.file("written-from-inside");
    auto result = sandboxed({"sh", "-c",
                             "for f in " + outside + " /usr/evo-sandbox-test /etc/evo-sandbox-test "
                             "/evo-sandbox-test; do echo x > $f 2>/dev/null && echo WROTE $f; done; echo done"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "done\n");
    CHECK_FALSE(std::filesystem::exists(outside));
    CHECK_FALSE(std::filesystem::exists("/usr/evo-sandbox-test"));
}

TEST_CASE("a read-only bind cannot be remounted read-write", "[sandbox]") {
    auto result = sandboxed(
        {"sh", "-c", "mount -o remount,rw /usr; mount -o remount,rw,bind /usr; touch /usr/evo-remount-test && echo WROTE"});
    CHECK_THAT(result.out, !Contains("WROTE"));
    CHECK_FALSE(std::filesystem::exists("/usr/evo-remount-test"));
}

TEST_CASE("no secret of the host is readable: /etc/shadow, $HOME, the environment", "[sandbox]") {
    scratch_dir dir;
    dir.write("home/.ssh/id_rsa", "SECRET-KEY-7c1f\n");
    dir.write("home/.config/token", "SECRET-TOKEN-99ab\n");
    const std::string home = dir.file("home");
    run_options options;
    options.env["HOME"] = home;
    options.env["EVO_TEST_API_KEY"] = "SECRET-ENV-4242";
    auto result = sandboxed({"sh", "-c",
                             "cat /etc/shadow /etc/gshadow /root/.ssh/* " + home + "/.ssh/id_rsa " + home +
                                 "/.config/token $HOME/.ssh/id_rsa; env; cat /proc/1/environ; echo; "
                                 "grep -r SECRET / --exclude-dir=proc --exclude-dir=sys --exclude-dir=usr -s; "
                                 "echo done"},
                            {}, options);
    CHECK_THAT(result.out, Contains("done"));
    for (const char* secret : {"SECRET-KEY", "SECRET-TOKEN", "SECRET-ENV", "root:"}) {
        CHECK_THAT(result.out, !Contains(secret));
        CHECK_THAT(result.err, !Contains(secret));
    }
}

TEST_CASE("a variable passes only when granted with --allow-env", "[sandbox]") {
    run_options options;
    options.env["EVO_TEST_GRANTED"] = "granted-value";
    auto result = sandboxed({"sh", "-c", "echo \"[$EVO_TEST_GRANTED]\""}, {"--allow-env", "EVO_TEST_GRANTED"}, options);
    CHECK(result.out == "[granted-value]\n");
}

TEST_CASE("a fork bomb hits the process limit and ends with the sandbox", "[sandbox]") {
    // Children sleep rather than spin, so the bomb stays cheap; the pid namespace ends them.
    // The limit counts every process of the sandbox's uid, so a bomb with the default limit
    // would starve sandboxes of tests running beside it (ctest -j): it gets a lower one.
    if (geteuid() != 0) {
        WARN("not root: RLIMIT_NPROC would count the user's whole session; see docs/sandbox.md");
        return;
    }
    auto result = python("import os, time\nn = 0\ntry:\n    while n < 5000:\n        if os.fork() == 0:\n"
                         "            time.sleep(60)\n            os._exit(0)\n        n += 1\n"
                         "except OSError as e:\n    print('stopped after', n, 'forks:', e.strerror)\n",
                         {"--timeout", "20", "--processes", "64"});
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Contains("stopped after"));
}

TEST_CASE("allocating 4 GiB fails inside, evo carries on", "[sandbox]") {
    auto result = python("try:\n    b = bytearray(4 << 30)\n    print('ALLOCATED')\nexcept MemoryError:\n"
                         "    print('no memory')\n");
    CHECK(result.exit_code == 0);
    CHECK(result.out == "no memory\n");
}

TEST_CASE("a program that spins forever is killed at the timeout with exit 124", "[sandbox]") {
    auto result = sandboxed({"sh", "-c", "while :; do :; done"}, {"--timeout", "1"});
    CHECK(result.exit_code == 124);
    CHECK_THAT(result.err, Contains("timeout"));
}

TEST_CASE("printing 1 GiB is capped at 16 MiB and marked truncated", "[sandbox]") {
    auto result = python("import sys\nchunk = b'x' * (1 << 20)\nfor _ in range(1024):\n"
                         "    sys.stdout.buffer.write(chunk)\n",
                         {"--timeout", "30"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.size() == std::size_t{16} << 20);
    CHECK_THAT(result.err, Contains("stdout truncated after 16777216 bytes; 1056964608 more were dropped"));
}

TEST_CASE("killing its parent or every process it can see harms neither evo nor the host", "[sandbox]") {
    bystander outside;
    auto result = sandboxed({"sh", "-c", "kill -9 $PPID; kill -9 -1; kill -9 1; exit 7"});
    CHECK(result.exit_code == 7); // evo itself ran to the end and reported the program's status
    CHECK(outside.alive());
}

TEST_CASE("a daemon that double-forks and calls setsid dies with the sandbox", "[sandbox]") {
    const std::string marker = "4242.00" + std::to_string(getpid());
    auto result = sandboxed({"sh", "-c", "setsid sh -c 'sleep " + marker + " & ' </dev/null >/dev/null 2>&1; echo started"});
    CHECK(result.exit_code == 0);
    CHECK(result.out == "started\n");
    bool gone = false;
    for (int i = 0; i < 40 && !gone; ++i) { // a bounded wait: at most 2 s
        gone = !process_with_marker_exists(std::string("sleep\0", 6) + marker);
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(gone);
}

TEST_CASE("a process outside cannot be traced", "[sandbox]") {
    bystander outside;
    auto result = python("import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                         "r = libc.ptrace(16, " + std::to_string(outside.pid()) + ", 0, 0)\n"
                         "print('ATTACHED' if r == 0 else 'denied', ctypes.get_errno())\n");
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.out, Contains("denied"));
    CHECK_FALSE(outside.traced());
    CHECK(outside.alive());
}

TEST_CASE("evo validate: a compiler run on generated code cannot quote a file of the host", "[sandbox]") {
    scratch_dir dir;
    const auto secret = dir.write("id_rsa", "SECRET_KEY_LINE_9f3e\n");
    dir.write("gen.cpp", "#include \"" + secret.string() + "\"\nint main() {}\n");
    auto manifest = [&](const std::string& config) {
        return dir.write("evo-" + std::to_string(config.size()) + ".toml",
                         "[pipeline]\nvalidators = [\"cpp-syntax\"]\n[plugins.cpp-syntax]\n" + config);
    };
    auto sandboxed_run = run_evo({"-m", manifest("").string(), "validate", dir.file("gen.cpp")});
    CHECK(sandboxed_run.exit_code == 1); // the include fails: the file is not in the sandbox
    CHECK_THAT(sandboxed_run.out + sandboxed_run.err, !Contains("SECRET_KEY_LINE"));
    // The same run without the sandbox quotes it, so the check above is not vacuous.
    auto bare = run_evo({"-m", manifest("sandbox = false\n").string(), "validate", dir.file("gen.cpp")});
    CHECK_THAT(bare.out + bare.err, Contains("SECRET_KEY_LINE"));
}
