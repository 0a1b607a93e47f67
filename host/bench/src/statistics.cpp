#include <evo/bench/bench.hpp>

#include <algorithm>
#include <cmath>

namespace evo::bench {
namespace {

double median_of_sorted(const std::vector<double>& sorted) {
    const std::size_t middle = sorted.size() / 2;
    return sorted.size() % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

} // namespace

sample_stats summarize(std::vector<double> samples) {
    sample_stats stats;
    stats.samples = samples;
    if (samples.empty()) return stats;
    std::sort(samples.begin(), samples.end());
    stats.median = median_of_sorted(samples);
    stats.min = samples.front();
    stats.max = samples.back();
    for (double& sample : samples)
        sample = std::abs(sample - stats.median);
    std::sort(samples.begin(), samples.end());
    stats.mad = median_of_sorted(samples);
    return stats;
}

} // namespace evo::bench
