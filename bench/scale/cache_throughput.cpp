#include "cache_throughput.hpp"

#include <evo/host/manifest.hpp>
#include <evo/host/runtime.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace evo::scale_bench {
namespace {

using clock = std::chrono::steady_clock;

double seconds_since(clock::time_point start) {
    return std::chrono::duration<double>(clock::now() - start).count();
}

std::filesystem::path write_manifest(const std::filesystem::path& scratch,
                                     const std::string& plugin, const std::string& plugin_table) {
    auto path = scratch / ("cache-" + plugin + ".toml");
    std::ofstream(path) << "[pipeline]\ncache = \"cache\"\n\n[plugins.cache]\nplugin = \"" << plugin
                        << "\"\n"
                        << plugin_table;
    return path;
}

} // namespace

cache_figures measure_cache(const std::filesystem::path& scratch, const std::string& plugin,
                            const std::string& plugin_table, const cache_workload& work) {
    host::runtime rt(host::load_manifest(write_manifest(scratch, plugin, plugin_table)),
                     host::locate_installation());
    // Keys shaped like evo's own (a prefix and a hex digest), made before the clock starts.
    std::vector<std::string> keys;
    keys.reserve(work.keys);
    for (std::size_t i = 0; i < work.keys; ++i) {
        char key[96];
        std::snprintf(key, sizeof key, "evo-bench-v1:%064zx", i * 2654435761u);
        keys.emplace_back(key);
    }
    const std::string value(work.value_bytes, 'v');

    cache_figures figures;
    auto started = clock::now();
    for (const auto& key : keys)
        rt.cache_put(key, value);
    figures.puts_per_second = static_cast<double>(keys.size()) / seconds_since(started);

    started = clock::now();
    for (std::size_t round = 0; round < work.get_rounds; ++round)
        for (const auto& key : keys)
            if (!rt.cache_get(key))
                throw std::runtime_error(plugin + ": a get missed a key just put");
    figures.gets_per_second =
        static_cast<double>(keys.size() * work.get_rounds) / seconds_since(started);
    return figures;
}

} // namespace evo::scale_bench
