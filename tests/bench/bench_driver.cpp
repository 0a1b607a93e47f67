#include <evo/bench/bench.hpp>

#include <iostream>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.size() == 1 && args[0] == "--version") {
        std::cout << "evo_bench_driver\n";
        return 0;
    }
    const auto& subcommand = evo::bench::workload_subcommand;
    if (args.size() == 3 && args[0] == subcommand[0] && args[1] == subcommand[1])
        return evo::bench::run_workload(args[2], std::cout, std::cerr);
    std::cerr << "usage: evo_bench_driver --version | bench --run-workload NAME\n";
    return 2;
}
