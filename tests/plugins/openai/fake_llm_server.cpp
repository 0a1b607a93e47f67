#include "fake_llm_server.hpp"

#include <evo/host/http.hpp>

#include <boost/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace openai_test {
namespace {

constexpr int start_timeout_ms = 30000; // python on a loaded machine

[[noreturn]] void system_failure(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// The first line the child writes, read within start_timeout_ms.
std::string first_line(int fd) {
    std::string line;
    auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(start_timeout_ms);
    while (line.find('\n') == std::string::npos) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            give_up - std::chrono::steady_clock::now());
        pollfd ready{fd, POLLIN, 0};
        if (left.count() <= 0 || poll(&ready, 1, static_cast<int>(left.count())) <= 0) break;
        std::array<char, 256> buffer{};
        ssize_t n = read(fd, buffer.data(), buffer.size());
        if (n <= 0) break;
        line.append(buffer.data(), static_cast<std::size_t>(n));
    }
    return line.substr(0, line.find('\n'));
}

} // namespace

fake_llm_server::fake_llm_server() {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) system_failure("pipe2");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    std::string python = EVO_TEST_PYTHON, server = EVO_TEST_FAKE_LLM;
    char* argv[] = {python.data(), server.data(), const_cast<char*>("--port"),
                    const_cast<char*>("0"), nullptr};
    int spawned = posix_spawn(&pid_, python.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (spawned != 0) {
        close(out[0]);
        pid_ = -1;
        throw std::system_error(spawned, std::generic_category(), "spawning " + python);
    }
    std::string line = first_line(out[0]);
    close(out[0]); // the server prints nothing else on stdout
    if (line.rfind("PORT ", 0) == 0) port_ = std::stoi(line.substr(5));
    if (port_ <= 0) {
        stop();
        throw std::runtime_error("fake_llm.py did not report its port (got \"" + line + "\")");
    }
}

fake_llm_server::~fake_llm_server() {
    stop();
}

void fake_llm_server::stop() noexcept {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
}

std::string fake_llm_server::base_url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}

std::string fake_llm_server::admin(const std::string& method, const std::string& path,
                                   const std::string& body) const {
    evo::host::http_spec spec;
    spec.method = method;
    spec.url = "http://127.0.0.1:" + std::to_string(port_) + path;
    spec.headers = {"Content-Type: application/json"};
    spec.body = body;
    std::string answer;
    auto outcome = evo::host::http_request(
        spec, nullptr, [](std::string_view, std::string_view) { return true; },
        [&](std::string_view chunk) {
            answer.append(chunk);
            return true;
        });
    if (outcome.code != EVO_OK || outcome.status != 200)
        throw std::runtime_error(method + " " + path + " failed: HTTP " +
                                 std::to_string(outcome.status) + " " + outcome.error + " " +
                                 answer);
    return answer;
}

void fake_llm_server::script(const std::string& rules_json) const {
    admin("POST", "/_script", rules_json);
}

boost::json::array fake_llm_server::requests() const {
    return boost::json::parse(admin("GET", "/_requests", "")).as_array();
}

int unused_port() {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) system_failure("socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        close(fd);
        system_failure("bind");
    }
    close(fd);
    return ntohs(address.sin_port);
}

} // namespace openai_test
