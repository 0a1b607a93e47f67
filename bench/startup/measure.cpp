#include "measure.hpp"

#include <evo/bench/process.hpp>

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace evo::startup_bench {
namespace {

using bench::output_mode;

void run_once(const subject& s, output_mode mode, measurement& m) {
    try {
        const bench::process_result r = bench::run_process(s.argv, mode);
        if (r.exit_code != 0) {
            m.failure = bench::describe_failure(s.label, r);
        } else if (mode == output_mode::discard) {
            m.wall_ms.push_back(r.wall_ms);
            m.peak_rss_kib.push_back(r.max_rss_kib);
        }
    } catch (const std::runtime_error& e) { // the program could not be started
        m.failure = s.label + ": " + e.what();
    }
}

} // namespace

std::vector<measurement> measure(const std::vector<subject>& subjects, int warmup, int runs) {
    std::vector<measurement> results(subjects.size());
    for (int round = 0; round < warmup + runs; ++round) {
        // Warm-up runs keep the output, so that a failure can say why.
        const output_mode mode = round < warmup ? output_mode::capture : output_mode::discard;
        for (std::size_t i = 0; i < subjects.size(); ++i)
            if (results[i].failure.empty()) run_once(subjects[i], mode, results[i]);
    }
    return results;
}

double fork_floor_kib() {
    const pid_t pid = fork();
    if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (pid == 0) _exit(0);
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0)
        if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "wait4");
    return static_cast<double>(usage.ru_maxrss);
}

} // namespace evo::startup_bench
