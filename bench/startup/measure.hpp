// Measuring start-up: wall time from fork to wait4 and the child's peak RSS (ru_maxrss),
// through evo::bench's process runner (fork, not posix_spawn: see bench/README.md).
#pragma once

#include <string>
#include <vector>

namespace evo::startup_bench {

struct subject {
    std::string label;
    std::vector<std::string> argv; // argv[0] is a path
};

struct measurement {
    std::vector<double> wall_ms;
    std::vector<double> peak_rss_kib;
    std::string failure; // why the command could not be measured; empty when it was
};

// Runs every subject `warmup` times, then `runs` times, round by round, so that a busy moment
// of the machine touches every subject alike. A subject that fails once is measured no more.
std::vector<measurement> measure(const std::vector<subject>& subjects, int warmup, int runs);

// The peak RSS of a forked child that exits at once. A child's ru_maxrss counts the memory it
// inherited before exec, so no reading can be below this.
double fork_floor_kib();

} // namespace evo::startup_bench
