#include "report.hpp"

#include <array>
#include <chrono>
#include <ctime>
#include <fstream>
#include <sys/utsname.h>
#include <thread>

namespace evo::bench {
namespace {

std::string utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::array<char, 32> text{};
    std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text.data();
}

std::string cpu_model() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.rfind("model name", 0) != 0) continue;
        const auto colon = line.find(':');
        if (colon != std::string::npos && colon + 2 <= line.size()) return line.substr(colon + 2);
    }
    return "unknown";
}

} // namespace

run_environment describe_machine() {
    run_environment environment;
    environment.date = utc_now();
    utsname names{};
    if (uname(&names) == 0)
        environment.system = std::string(names.sysname) + " " + names.release + " " + names.machine;
    environment.cpu = cpu_model();
    environment.cpus = std::thread::hardware_concurrency();
    return environment;
}

} // namespace evo::bench
