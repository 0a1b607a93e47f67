#include "distributed.hpp"

#include "child_process.hpp"

#include <evo/bench/bench.hpp>
#include <redis_server.hpp>

#include <chrono>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <thread>

namespace evo::scale_bench {
namespace {

namespace fs = std::filesystem;
using clock = std::chrono::steady_clock;

const std::string measure = "evo validate --no-cache via redis-streams";

// Seconds for the client to validate `files` with `workers` single-threaded workers serving
// it. The workers start first and stop after; a client left with no live worker would wait
// forever, so it is stopped and the run fails.
double spread_seconds(const evo_setup& s, const fs::path& manifest,
                      const std::vector<std::string>& files, int workers) {
    const std::string log = (s.scratch / ("workers-" + std::to_string(workers) + ".log")).string();
    std::vector<std::unique_ptr<child_process>> pool;
    for (int i = 0; i < workers; ++i)
        pool.push_back(std::make_unique<child_process>(
            std::vector<std::string>{s.evo.string(), "-m", manifest.string(), "worker", "-j", "1"},
            log));

    std::vector<std::string> argv{s.evo.string(), "-m", manifest.string(), "validate",
                                  "--no-cache"};
    argv.insert(argv.end(), files.begin(), files.end());
    const auto started = clock::now();
    child_process client(argv, (s.scratch / "client.log").string());
    std::optional<int> exit;
    while (!(exit = client.exit_code())) {
        bool any_worker = false;
        for (auto& worker : pool)
            any_worker |= !worker->exit_code();
        if (!any_worker) {
            client.stop();
            throw std::runtime_error("every evo worker exited before the batch ended (see " + log +
                                     ")");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const double seconds = std::chrono::duration<double>(clock::now() - started).count();
    for (auto& worker : pool)
        worker->stop();
    if (*exit != 0 && *exit != 1)
        throw std::runtime_error("evo validate exited with " + std::to_string(*exit) + " (see " +
                                 (s.scratch / "client.log").string() + ")");
    return seconds;
}

} // namespace

bool redis_streams_built(const fs::path& plugin_dir) {
    std::error_code ec;
    return fs::exists(plugin_dir / "evo-redis-streams.so", ec);
}

std::string distributed_manifest(std::uint16_t port) {
    return "[pipeline]\nvalidators = [\"python-syntax\", \"python-security\"]\n"
           "scheduler = \"redis-streams\"\nfail_on = \"high\"\n\n"
           "[plugins.python-syntax]\n[plugins.python-security]\n"
           "[plugins.redis-streams]\nurl = \"redis://127.0.0.1:" +
           std::to_string(port) + "\"\n";
}

scale_rows distributed_rows(const evo_setup& s, const fs::path& plugin_dir,
                            const std::vector<std::string>& files) {
    if (!redis_streams_built(plugin_dir))
        return {{measure + ", 1 worker", "", "", "", "", std::nullopt,
                 "not built (no redis-streams plugin)"},
                {measure + ", 2 workers", "", "", "", "", std::nullopt,
                 "not built (no redis-streams plugin)"}};
    try {
        evo::test::redis_server redis;
        const fs::path manifest = s.scratch / "distributed.toml";
        std::ofstream(manifest) << distributed_manifest(redis.port());
        // Alternated, and the median of each: load that comes and goes hits both alike.
        std::vector<double> ones, twos;
        for (int pass = 0; pass < repetitions(s); ++pass) {
            ones.push_back(spread_seconds(s, manifest, files, 1));
            twos.push_back(spread_seconds(s, manifest, files, 2));
        }
        const double one = bench::summarize(ones).median;
        const double two = bench::summarize(twos).median;
        const double speedup = one / two;
        const auto per_second = [&](double seconds) {
            return count(static_cast<double>(files.size()) / seconds) + " files/s";
        };
        return {{measure + ", 1 worker", fixed(one) + " s (" + per_second(one) + ")", "", "", "",
                 std::nullopt, ""},
                {measure + ", 2 workers", fixed(two) + " s (" + per_second(two) + ")", "1 worker",
                 fixed(one) + " s", fixed(speedup) + "x throughput",
                 target{">= 1.7x", speedup >= 1.7}, ""}};
    } catch (const std::exception& e) {
        return {{measure, "", "", "", "", std::nullopt, std::string("failed: ") + e.what()}};
    }
}

} // namespace evo::scale_bench
