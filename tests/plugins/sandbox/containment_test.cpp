// The code under test runs contained: no network, not even the host's loopback.
#include "sandbox_runtime.hpp"

#include <evo/host/process.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <string>

using evo_sandbox_test::sandbox_runtime;

namespace {

// A TCP server on the host's loopback, listening (nothing accepts: a connect still succeeds).
class loopback_listener {
  public:
    loopback_listener() {
        fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(listen(fd_, 8) == 0);
        socklen_t size = sizeof a;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &size);
        port_ = ntohs(a.sin_port);
    }
    ~loopback_listener() { close(fd_); }
    loopback_listener(const loopback_listener&) = delete;
    loopback_listener& operator=(const loopback_listener&) = delete;
    int port() const { return port_; }

  private:
    int fd_ = -1;
    int port_ = 0;
};

std::string connect_test(int port) {
    return "import socket\n\n"
           "def test_host_is_unreachable():\n"
           "    s = socket.socket()\n"
           "    s.settimeout(5)\n"
           "    try:\n"
           "        s.connect((\"127.0.0.1\", " +
           std::to_string(port) +
           "))\n"
           "    except OSError:\n"
           "        return\n"
           "    raise AssertionError(\"reached the host's server\")\n";
}

} // namespace

TEST_CASE("sandbox: the code cannot reach the host's loopback", "[sandbox-validator]") {
    loopback_listener server;
    sandbox_runtime rt;
    const auto o = rt.validate("python", "", connect_test(server.port()));
    CHECK(o.findings.empty());
    // The same test fails outside the sandbox, where the server is reachable: the probe can fail.
    evo::host::process_spec bare;
    bare.argv = {"python3", "-c", connect_test(server.port()) + "\ntest_host_is_unreachable()\n"};
    bare.timeout_ms = 20000;
    std::string err;
    const auto status = evo::host::run_process(bare, nullptr, {}, [&err](std::string_view chunk) {
        err.append(chunk);
        return true;
    });
    CHECK(status.exit_code == 1);
    CHECK(err.find("AssertionError: reached the host's server") != std::string::npos);
}
