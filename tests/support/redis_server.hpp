// A real redis-server (Debian's /usr/bin/redis-server) for one test: started on a free
// loopback port in a scratch directory, with no persistence, and stopped by the destructor.
// stop() and start() let a test take it away mid-run and bring it back on the same port.
#pragma once

#include "scratch_dir.hpp"

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace evo::test {

class redis_server {
  public:
    struct options {
        std::string password; // --requirepass when not empty
    };
    explicit redis_server(options opts = {});
    ~redis_server();
    redis_server(const redis_server&) = delete;
    redis_server& operator=(const redis_server&) = delete;

    uint16_t port() const noexcept { return port_; }
    std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
    bool running() const noexcept { return pid_ > 0; }

    // SIGTERM and wait. Does nothing when it is not running.
    void stop();
    // Starts it again on the same port (throws if it does not answer PING in time).
    void start();

  private:
    bool launch(); // true when it answers PING
    bool answers_ping() const;

    options options_;
    scratch_dir dir_;
    uint16_t port_ = 0;
    pid_t pid_ = -1;
};

} // namespace evo::test
