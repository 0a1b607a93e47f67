#include "cache_rows.hpp"

#include "cache_throughput.hpp"
#include "redis_benchmark.hpp"

#include <redis_server.hpp>

#include <functional>

namespace evo::scale_bench {
namespace {

constexpr std::size_t value_bytes = 100; // redis-benchmark -d: the same payload on both sides

cache_workload scaled(std::size_t keys, std::size_t rounds, std::size_t passes, bool quick) {
    return quick ? cache_workload{keys / 10, 1, 1, value_bytes}
                 : cache_workload{keys, rounds, passes, value_bytes};
}

std::string rate(double per_second, const char* unit) {
    return count(per_second) + " " + unit + "/s";
}

// One backend's rows, or one row saying why it could not be measured.
scale_rows guarded(const std::string& name, const std::function<scale_rows()>& measure) {
    try {
        return measure();
    } catch (const std::exception& e) {
        return {
            {name + " cache", "", "", "", "", std::nullopt, std::string("failed: ") + e.what()}};
    }
}

scale_rows memory_rows(const std::filesystem::path& scratch, bool quick) {
    auto f = measure_cache(scratch, "memory", "", scaled(10000, 40, 5, quick));
    return {{"memory cache get, 1 thread (per core), best of 5", rate(f.gets_per_second, "gets"),
             "", "", "", target{"> 5M gets/s/core", f.gets_per_second > 5e6}, ""},
            {"memory cache put, 1 thread", rate(f.puts_per_second, "puts"), "", "", "",
             std::nullopt, ""}};
}

scale_rows sqlite_rows(const std::filesystem::path& scratch, bool quick) {
    auto f = measure_cache(scratch, "sqlite",
                           "path = \"" + (scratch / "bench-cache.db").string() + "\"\n",
                           scaled(20000, 2, 5, quick));
    return {{"sqlite cache get, best of 5", rate(f.gets_per_second, "gets"), "", "", "",
             target{"> 100k gets/s", f.gets_per_second > 1e5}, ""},
            {"sqlite cache put", rate(f.puts_per_second, "puts"), "", "", "", std::nullopt, ""}};
}

scale_rows redis_rows(const std::filesystem::path& scratch, bool quick) {
    evo::test::redis_server redis;
    const cache_workload work = scaled(10000, 3, 1, quick); // one pass, as redis-benchmark's
    auto f = measure_cache(scratch, "redis", "url = \"" + redis.url() + "\"\n", work);
    auto peer = run_redis_benchmark(redis.port(), work.keys * work.get_rounds, value_bytes);
    const auto micros = [](double per_second) { return 1e6 / per_second; };
    const double get_ratio = micros(f.gets_per_second) / micros(peer.get_per_second);
    const double put_ratio = micros(f.puts_per_second) / micros(peer.set_per_second);
    return {{"redis cache get latency, 1 client",
             fixed(micros(f.gets_per_second), 1) + " us (" + rate(f.gets_per_second, "gets") + ")",
             "redis-benchmark GET -c 1 -P 1", fixed(micros(peer.get_per_second), 1) + " us",
             fixed(get_ratio) + "x", target{"<= 1.2x", get_ratio <= 1.2}, ""},
            {"redis cache put latency, 1 client",
             fixed(micros(f.puts_per_second), 1) + " us (" + rate(f.puts_per_second, "puts") + ")",
             "redis-benchmark SET -c 1 -P 1", fixed(micros(peer.set_per_second), 1) + " us",
             fixed(put_ratio) + "x", std::nullopt, ""}};
}

} // namespace

scale_rows cache_rows(const std::filesystem::path& scratch, bool quick) {
    scale_rows rows;
    for (auto& [name, measure] : std::vector<std::pair<std::string, std::function<scale_rows()>>>{
             {"memory", [&] { return memory_rows(scratch, quick); }},
             {"sqlite", [&] { return sqlite_rows(scratch, quick); }},
             {"redis", [&] { return redis_rows(scratch, quick); }}}) {
        auto some = guarded(name, measure);
        rows.insert(rows.end(), some.begin(), some.end());
    }
    return rows;
}

} // namespace evo::scale_bench
