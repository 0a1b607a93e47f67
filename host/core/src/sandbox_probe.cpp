#include <evo/host/process.hpp>
#include <evo/host/sandbox.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace evo::host {
namespace {

// Empty when the sandbox works; bwrap's complaint otherwise.
std::optional<std::string> probe() {
    process_spec spec;
    spec.argv = {"true"};
    spec.sandbox = true;
    spec.timeout_ms = 10000;
    std::string err;
    process_status status = run_process(spec, nullptr, {}, [&err](std::string_view chunk) {
        err.append(chunk.substr(0, 1000 - std::min<std::size_t>(err.size(), 1000)));
        return true;
    });
    if (status.exit_code == 0) return std::nullopt;
    while (!err.empty() && err.back() == '\n') err.pop_back();
    return err.empty() ? "bwrap exited with status " + std::to_string(status.exit_code) : err;
}

} // namespace

void require_working_sandbox() {
    const std::string bwrap = find_in_path("bwrap");
    if (bwrap.empty()) throw sandbox_unavailable();
    // One answer per bwrap, so a test (or a changed PATH) that names another gets its own.
    static std::mutex mutex;
    static std::map<std::string, std::optional<std::string>> answers;
    std::optional<std::string> failure;
    {
        std::lock_guard lock(mutex);
        auto known = answers.find(bwrap);
        if (known == answers.end()) known = answers.emplace(bwrap, probe()).first;
        failure = known->second;
    }
    if (failure) throw sandbox_unavailable("the sandbox cannot be set up on this machine: " + *failure);
}

std::vector<std::string> sandboxed_command_line(const sandbox_request& request) {
    require_working_sandbox();
    return command_line(prepare_sandbox(request));
}

} // namespace evo::host
