// The peer of the redis cache's row: redis-benchmark against the same server, one client, no
// pipelining (-c 1 -P 1), the same value size, GET and SET; its CSV read back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace evo::scale_bench {

struct redis_benchmark_figures {
    double get_per_second = 0;
    double set_per_second = 0;
};

// Throws std::runtime_error when redis-benchmark is missing, fails, or prints no GET or SET.
redis_benchmark_figures run_redis_benchmark(std::uint16_t port, std::size_t requests,
                                            std::size_t value_bytes);

// The requests per second of `test` ("GET") in redis-benchmark's --csv output; 0 when absent.
double csv_requests_per_second(const std::string& csv, const std::string& test);

} // namespace evo::scale_bench
