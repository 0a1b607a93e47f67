// Runs tests/fake_llm/fake_llm.py on a free loopback port for one test, and talks to its
// admin endpoints. The process is killed when the object goes away, whatever happened.
#pragma once

#include <boost/json/array.hpp>

#include <string>
#include <sys/types.h>

namespace openai_test {

class fake_llm_server {
  public:
    fake_llm_server(); // throws std::runtime_error when the server does not come up
    ~fake_llm_server();
    fake_llm_server(const fake_llm_server&) = delete;
    fake_llm_server& operator=(const fake_llm_server&) = delete;

    int port() const noexcept { return port_; }
    std::string base_url() const; // http://127.0.0.1:PORT/v1

    // Replaces the rules (a JSON array, see fake_llm.py) and forgets earlier requests.
    void script(const std::string& rules_json) const;
    // The chat requests received since the last script(): [{"headers": {...}, "body": {...}}]
    boost::json::array requests() const;

  private:
    void stop() noexcept;
    std::string admin(const std::string& method, const std::string& path,
                      const std::string& body) const;

    pid_t pid_ = -1;
    int port_ = 0;
};

// A loopback port nothing listens on (bound, then released).
int unused_port();

} // namespace openai_test
