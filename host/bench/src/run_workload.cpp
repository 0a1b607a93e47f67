// The child side of a C++ seed run, timed exactly like share/bench/seed/seed_harness.py.
#include "seed_workloads.hpp"

#include <evo/bench/bench.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <exception>

namespace evo::bench {

int run_workload(std::string_view name, std::ostream& out, std::ostream& err) {
    const seed_workload* workload = find_seed_workload(name);
    if (!workload) {
        err << "evo: error: bench: unknown workload '" << name << "'\n";
        return exit_usage;
    }
    try {
        const auto start = std::chrono::steady_clock::now();
        const std::string checksum = workload->run();
        const auto elapsed = std::chrono::steady_clock::now() - start;
        const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
        out << boost::json::serialize(boost::json::object{{"ms", ms}, {"checksum", checksum}})
            << '\n';
        return exit_ok;
    } catch (const std::exception& error) {
        err << "evo: error: bench: workload " << name << " failed: " << error.what() << '\n';
        return exit_failed;
    }
}

} // namespace evo::bench
