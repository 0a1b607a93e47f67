#include "adaptive_limiter.hpp"

#include <catch2/catch.hpp>

using namespace threadpool;
using namespace std::chrono_literals;

namespace {

system_load reading(std::optional<double> load, unsigned cpus, std::optional<uint64_t> free_mb) {
    system_load result;
    result.load_1min = load;
    result.cpus = cpus;
    result.available_mb = free_mb;
    return result;
}

} // namespace

TEST_CASE("all workers run while the machine has room", "[scheduler]") {
    pressure_limits limits; // 1.5 per CPU, 256 MiB
    CHECK(permitted_workers(reading(0.5, 4, 4096), limits, 8) == 8);
    CHECK(permitted_workers(reading(6.0, 4, 256), limits, 8) == 8); // exactly at both limits
    CHECK(permitted_workers(reading(std::nullopt, 4, std::nullopt), limits, 8) == 8);
}

TEST_CASE("CPU load above the limit scales the workers down in proportion", "[scheduler]") {
    pressure_limits limits;
    CHECK(permitted_workers(reading(12.0, 4, 4096), limits, 8) == 4);  // twice the capacity of 6
    CHECK(permitted_workers(reading(8.0, 4, 4096), limits, 8) == 6);   // 8 * 6 / 8
    CHECK(permitted_workers(reading(600.0, 4, 4096), limits, 8) == 1); // never below one
    limits.max_load_per_cpu = 0.0;
    CHECK(permitted_workers(reading(0.01, 4, 4096), limits, 8) == 1);
}

TEST_CASE("low memory lets one worker run", "[scheduler]") {
    pressure_limits limits;
    CHECK(permitted_workers(reading(0.1, 4, 255), limits, 8) == 1);
    limits.min_free_mb = 0;
    CHECK(permitted_workers(reading(0.1, 4, 0), limits, 8) == 8);
}

TEST_CASE("the limiter reads the system at most every 250 ms", "[scheduler]") {
    auto now = adaptive_limiter::clock::time_point{};
    int reads = 0;
    double load = 0.0;
    adaptive_limiter limiter(
        pressure_limits{1.0, 0},
        [&] {
            ++reads;
            return reading(load, 2, std::nullopt);
        },
        [&] { return now; });

    CHECK(limiter.permitted(4) == 4);
    CHECK(reads == 1);
    load = 4.0; // twice the capacity of 2
    now += 249ms;
    CHECK(limiter.permitted(4) == 4); // still the old reading
    CHECK(reads == 1);
    now += 1ms;
    CHECK(limiter.permitted(4) == 2);
    CHECK(reads == 2);
    CHECK(limiter.permitted(8) == 4); // the cached reading serves any worker count
    CHECK(reads == 2);
}

TEST_CASE("MemAvailable is read from /proc/meminfo text", "[scheduler]") {
    const char* meminfo = "MemTotal:       16318480 kB\n"
                          "MemFree:          702368 kB\n"
                          "MemAvailable:    9437184 kB\n"
                          "Buffers:          353372 kB\n";
    CHECK(parse_mem_available_mb(meminfo) == 9216u);
    CHECK_FALSE(parse_mem_available_mb("MemTotal: 1 kB\nMemFree: 1 kB\n"));
    CHECK_FALSE(parse_mem_available_mb("XMemAvailable: 2048 kB\n"));
    CHECK_FALSE(parse_mem_available_mb("MemAvailable: lots\n"));
    CHECK_FALSE(parse_mem_available_mb("MemAvailable: 2048"));
}

TEST_CASE("this machine reports its load and CPUs and free memory", "[scheduler]") {
    system_load load = read_system_load();
    CHECK(load.cpus >= 1);
    CHECK(load.load_1min.has_value());
    REQUIRE(load.available_mb.has_value());
    CHECK(*load.available_mb > 0);
}
