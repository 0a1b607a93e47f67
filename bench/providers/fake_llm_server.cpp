#include "fake_llm_server.hpp"

#include <evo/bench/process.hpp>
#include <evo/bench/python_runtime.hpp>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace evo::providers_bench {

namespace fs = std::filesystem;

fake_llm_server::fake_llm_server(const fs::path& script, const fs::path& curl,
                                 const fs::path& scratch)
    : curl_(curl) {
    const auto python = bench::find_on_path("python3");
    if (!python) throw std::runtime_error("python3 is not on PATH (it runs the fake server)");
    const fs::path port_file = scratch / "fake_llm.port";
    process_ = std::make_unique<scale_bench::child_process>(
        std::vector<std::string>{python->string(), script.string(), "--port", "0", "--port-file",
                                 port_file.string()},
        (scratch / "fake_llm.log").string());
    // The server writes the file under another name and renames it once it listens.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!fs::exists(port_file)) {
        if (process_->exit_code())
            throw std::runtime_error(script.string() + " exited before listening; see " +
                                     (scratch / "fake_llm.log").string());
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error(script.string() + " did not listen within 10 s");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    int port = 0;
    std::ifstream(port_file) >> port;
    if (port <= 0) throw std::runtime_error(port_file.string() + ": no port in it");
    url_ = "http://127.0.0.1:" + std::to_string(port);
}

std::string fake_llm_server::fetch(const std::vector<std::string>& curl_arguments) {
    std::vector<std::string> argv{curl_.string(), "-s", "-S", "--fail"};
    argv.insert(argv.end(), curl_arguments.begin(), curl_arguments.end());
    const bench::process_result result = bench::run_process(argv, bench::output_mode::capture);
    if (result.exit_code != 0)
        throw std::runtime_error(bench::describe_failure("curl " + argv.back(), result));
    return result.out;
}

void fake_llm_server::set_rules(const std::string& rules_json) {
    fetch({"-X", "POST", "--data-binary", rules_json, url_ + "/_script"});
}

boost::json::array fake_llm_server::requests() {
    const std::string text = fetch({url_ + "/_requests"});
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec || !v.is_array())
        throw std::runtime_error("GET /_requests: not a JSON list: " + text.substr(0, 200));
    return std::move(v.as_array());
}

} // namespace evo::providers_bench
