// tests/fake_llm/fake_llm.py on a free loopback port, for as long as the object lives: started
// with python3 from PATH, stopped by its process id. Spoken to with curl (the bench's peer),
// through the server's test endpoints.
#pragma once

#include "child_process.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace evo::providers_bench {

class fake_llm_server {
  public:
    // Waits until the server has written its port (at most 10 s); its output goes to
    // `scratch`/fake_llm.log. Throws std::runtime_error when it cannot start.
    fake_llm_server(const std::filesystem::path& script, const std::filesystem::path& curl,
                    const std::filesystem::path& scratch);

    // "http://127.0.0.1:PORT"
    const std::string& url() const noexcept { return url_; }

    // POST /_script: replaces the rules (a JSON list) and clears the request log.
    void set_rules(const std::string& rules_json);
    // GET /_requests: every chat request received since the last set_rules, each
    // {"path", "headers", "body"}.
    boost::json::array requests();

  private:
    std::string fetch(const std::vector<std::string>& curl_arguments);

    std::filesystem::path curl_;
    std::unique_ptr<scale_bench::child_process> process_;
    std::string url_;
};

} // namespace evo::providers_bench
