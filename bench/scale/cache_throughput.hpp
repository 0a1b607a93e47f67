// Gets and puts per second of a cache plugin, loaded by the host's own loader from a manifest
// whose pipeline cache it is and driven through runtime::cache_get/cache_put: the C ABI and
// everything evo does around it, on one thread.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace evo::scale_bench {

struct cache_figures {
    double gets_per_second = 0; // of the best pass: the least disturbed by other processes
    double puts_per_second = 0;
};

struct cache_workload {
    std::size_t keys = 10000;    // distinct keys put once each (few enough for any budget)
    std::size_t get_rounds = 10; // then every key got this many times over, each get a hit,
    std::size_t passes = 1;      // in this many timed passes: the best one counts
    std::size_t value_bytes = 100;
};

// `plugin_table`: the [plugins.cache] lines after `plugin = "..."`. Throws when the plugin
// cannot be loaded or a get misses.
cache_figures measure_cache(const std::filesystem::path& scratch, const std::string& plugin,
                            const std::string& plugin_table, const cache_workload& work);

} // namespace evo::scale_bench
