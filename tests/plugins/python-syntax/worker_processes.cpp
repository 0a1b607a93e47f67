#include "worker_processes.hpp"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>

namespace evo::test {
namespace {

struct process_status {
    std::string command; // the kernel's 15-character "comm"
    char state = 0;
    pid_t parent = 0;
};

// Reads /proc/PID/stat, which fails (rather than ends) when the process vanishes meanwhile.
std::string stat_of(pid_t pid) {
    std::FILE* file = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
    if (!file) return {};
    char buffer[1024];
    const std::size_t size = std::fread(buffer, 1, sizeof buffer, file);
    std::fclose(file);
    return {buffer, size};
}

process_status status_of(pid_t pid) {
    const std::string stat = stat_of(pid);
    const std::size_t open = stat.find('(');
    const std::size_t close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) return {};
    process_status status;
    status.command = stat.substr(open + 1, close - open - 1);
    std::istringstream rest(stat.substr(close + 1));
    rest >> status.state >> status.parent;
    return status;
}

// Whether `pid` descends from this process: a sandboxed worker is bwrap's grandchild.
bool descends_from_this_process(pid_t pid) {
    for (int depth = 0; pid > 1 && depth < 16; ++depth) {
        pid = status_of(pid).parent;
        if (pid == getpid()) return true;
    }
    return false;
}

} // namespace

std::vector<pid_t> running_workers() {
    const std::string worker_command = std::string("evo-python-syntax-worker").substr(0, 15);
    std::vector<pid_t> workers;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
        const pid_t pid = std::stoi(name);
        const process_status status = status_of(pid);
        if (status.command == worker_command && status.state != 'Z' && descends_from_this_process(pid))
            workers.push_back(pid);
    }
    return workers;
}

char process_state(pid_t pid) {
    return status_of(pid).state;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
    const auto give_up = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

} // namespace evo::test
