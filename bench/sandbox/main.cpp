// bench-sandbox: what a sandboxed run costs. /bin/true bare, under plain bwrap with exactly the
// isolation evo uses (the command line host/core's sandbox module builds, with the same drop to
// an unprivileged uid when run as root), and under `evo sandbox run`, interleaved round by
// round in one run. Reports; asserts nothing. See bench/README.md.
//
// usage: bench-sandbox [--runs N] [--warmup N] EVO
#include "timed_run.hpp"

#include <evo/bench/bench.hpp>
#include <evo/bench/command_line.hpp>
#include <evo/bench/text_table.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string_view>

namespace {

using namespace evo::sandbox_bench;
using evo::bench::align;

constexpr double target_overhead_ms = 1; // issue 7: evo adds at most 1 ms over plain bwrap

struct options {
    int runs = 30;
    int warmup = 3;
    std::string evo;
};

std::optional<options> parse(int argc, char** argv) {
    evo::bench::command_line_rules rules; // --runs 30 --warmup 3, EVO
    auto line = evo::bench::parse_command_line(argc, argv, rules);
    if (!line) return std::nullopt;
    return options{line->runs, line->warmup, std::filesystem::absolute(line->positional[0]).string()};
}

std::vector<command> commands(const options& o) {
    evo::host::sandbox_launch bwrap = evo::host::prepare_sandbox({{"/bin/true"}, {}, {}});
    return {{"/bin/true", {"/bin/true"}, std::nullopt},
            {"bwrap (evo's flags) /bin/true", bwrap.argv, bwrap.identity},
            {"evo sandbox run -- /bin/true", {o.evo, "sandbox", "run", "--", "/bin/true"}, std::nullopt},
            {"evo --version (start-up alone)", {o.evo, "--version"}, std::nullopt}};
}

std::string fixed(double value, int decimals = 2) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

void print(const std::vector<command>& cmds, const std::vector<evo::bench::sample_stats>& stats, const options& o) {
    std::cout << "sandbox cost: median wall ms (fork to exit and end of stdout) ± MAD, " << o.runs << " runs after " << o.warmup
              << " warm-up, interleaved\n\n";
    evo::bench::text_table table({{"command", align::left}, {"wall ms", align::right},
                                  {"vs bare", align::right}, {"vs bwrap", align::right}});
    for (std::size_t i = 0; i < cmds.size(); ++i)
        table.add({cmds[i].label, fixed(stats[i].median) + " ± " + fixed(stats[i].mad),
                   fixed(stats[i].median / stats[0].median) + "x", fixed(stats[i].median / stats[1].median) + "x"});
    table.print(std::cout);
    const double overhead = stats[2].median - stats[1].median;
    const double start_up = stats[3].median - stats[0].median;
    std::cout << "\nevo over plain bwrap: " << fixed(overhead) << " ms (target <= " << fixed(target_overhead_ms, 0)
              << " ms: " << (overhead <= target_overhead_ms ? "met" : "MISSED") << "; informative, not a test)\n"
              << "of which evo's own start-up (evo --version over /bin/true): " << fixed(start_up)
              << " ms; the rest, the process runner and its extra process: " << fixed(overhead - start_up)
              << " ms\n";
}

} // namespace

int main(int argc, char** argv) {
    auto o = parse(argc, argv);
    if (!o) {
        std::cerr << "evo: error: usage: bench-sandbox [--runs N] [--warmup N] EVO\n";
        return 2;
    }
    try {
        const std::vector<command> cmds = commands(*o);
        std::vector<std::vector<double>> samples(cmds.size());
        for (int round = 0; round < o->warmup + o->runs; ++round)
            for (std::size_t i = 0; i < cmds.size(); ++i) {
                const double ms = timed_run(cmds[i]);
                if (round >= o->warmup) samples[i].push_back(ms);
            }
        std::vector<evo::bench::sample_stats> stats;
        for (auto& s : samples) stats.push_back(evo::bench::summarize(s));
        print(cmds, stats, *o);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "evo: error: bench-sandbox: " << e.what() << '\n';
        return 1;
    }
}
