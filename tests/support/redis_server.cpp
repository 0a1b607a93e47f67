#include "redis_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

namespace evo::test {
namespace {

// redis-server has no --port 0: take a port the kernel picks, free it, and hand it over.
// Another process may grab it in between; the caller retries with a new one.
uint16_t free_loopback_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        close(fd);
        throw std::runtime_error("bind: " + std::string(std::strerror(errno)));
    }
    close(fd);
    return ntohs(addr.sin_port);
}

} // namespace

redis_server::redis_server(options opts) : options_(std::move(opts)) {
    for (int attempt = 0; attempt < 5; ++attempt) {
        port_ = free_loopback_port();
        if (launch()) return;
    }
    throw std::runtime_error("redis-server did not start (log in " + dir_.file("redis.log") + ")");
}

redis_server::~redis_server() {
    stop();
}

void redis_server::stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

void redis_server::start() {
    if (pid_ > 0) return;
    // The port was just released by our own server; a moment in TIME_WAIT is no obstacle for
    // a listening socket (redis sets SO_REUSEADDR), so a few tries are plenty.
    for (int attempt = 0; attempt < 5; ++attempt)
        if (launch()) return;
    throw std::runtime_error("redis-server did not restart on port " + std::to_string(port_));
}

bool redis_server::launch() {
    std::vector<std::string> args{"/usr/bin/redis-server",
                                  "--port",
                                  std::to_string(port_),
                                  "--bind",
                                  "127.0.0.1",
                                  "--save",
                                  "",
                                  "--appendonly",
                                  "no",
                                  "--dir",
                                  dir_.path().string(),
                                  "--logfile",
                                  dir_.file("redis.log"),
                                  "--daemonize",
                                  "no"};
    if (!options_.password.empty()) {
        args.push_back("--requirepass");
        args.push_back(options_.password);
    }
    pid_t child = fork();
    if (child < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
    if (child == 0) {
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    pid_ = child;
    // Wait until it answers, or until it has exited (port taken, binary missing): ~10 s at most.
    for (int i = 0; i < 1000; ++i) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return false;
        }
        if (answers_ping()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    stop();
    return false;
}

// A raw PING: +PONG, or -NOAUTH when a password is required, both mean it is serving.
bool redis_server::answers_ping() const {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port_);
    bool ok = false;
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        timeval timeout{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        constexpr char ping[] = "PING\r\n";
        char answer[64] = {};
        if (write(fd, ping, sizeof ping - 1) == static_cast<ssize_t>(sizeof ping - 1)) {
            ssize_t n = read(fd, answer, sizeof answer - 1);
            ok = n > 0 &&
                 (std::strncmp(answer, "+PONG", 5) == 0 || std::strncmp(answer, "-NOAUTH", 7) == 0);
        }
    }
    close(fd);
    return ok;
}

} // namespace evo::test
