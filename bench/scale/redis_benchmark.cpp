#include "redis_benchmark.hpp"

#include <evo/bench/process.hpp>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace evo::scale_bench {

double csv_requests_per_second(const std::string& csv, const std::string& test) {
    // "test","rps","avg_latency_ms",...: one quoted line per test.
    std::istringstream lines(csv);
    const std::string prefix = "\"" + test + "\",\"";
    for (std::string line; std::getline(lines, line);)
        if (line.starts_with(prefix)) return std::strtod(line.c_str() + prefix.size(), nullptr);
    return 0;
}

redis_benchmark_figures run_redis_benchmark(std::uint16_t port, std::size_t requests,
                                            std::size_t value_bytes) {
    const std::vector<std::string> argv{"/usr/bin/redis-benchmark",
                                        "-h",
                                        "127.0.0.1",
                                        "-p",
                                        std::to_string(port),
                                        "-c",
                                        "1",
                                        "-P",
                                        "1",
                                        "-n",
                                        std::to_string(requests),
                                        "-d",
                                        std::to_string(value_bytes),
                                        "-t",
                                        "get,set",
                                        "--csv"};
    bench::process_result result = bench::run_process(argv, bench::output_mode::capture);
    if (result.exit_code != 0)
        throw std::runtime_error(bench::describe_failure("redis-benchmark", result));
    redis_benchmark_figures figures{csv_requests_per_second(result.out, "GET"),
                                    csv_requests_per_second(result.out, "SET")};
    if (figures.get_per_second <= 0 || figures.set_per_second <= 0)
        throw std::runtime_error("redis-benchmark printed no GET or SET figure: " + result.out);
    return figures;
}

} // namespace evo::scale_bench
