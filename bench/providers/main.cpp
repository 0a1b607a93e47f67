// bench-providers: issue 10's figures in one run against tests/fake_llm/fake_llm.py, started
// on a free loopback port and stopped at the end: what `evo gen --no-cache` costs a request
// over curl sending the same one, and 200 requests at 100 ms server latency through `evo
// batch` and the threadpool scheduler, 32 at once, beside the ideal 7 x 100 ms. Each row
// against issue 10's target, met or MISSED. Reports; asserts nothing. See bench/README.md.
//
// usage: bench-providers [--quick] [--runs N] [--warmup N] EVO FAKE_LLM
#include "batch_wall.hpp"
#include "gen_overhead.hpp"

#include <evo/bench/command_line.hpp>
#include <evo/bench/python_runtime.hpp>
#include <evo/bench/scratch_dir.hpp>
#include <evo/bench/text_table.hpp>

#include <stdlib.h>

#include <iostream>
#include <thread>

namespace {

namespace fs = std::filesystem;
using namespace evo::providers_bench;
using evo::bench::align;
using evo::scale_bench::scale_rows;

// Prints the table; true when no row failed.
bool report(const scale_rows& rows) {
    evo::bench::text_table table({{"measure", align::left},
                                  {"evo", align::right},
                                  {"against", align::left},
                                  {"peer", align::right},
                                  {"ratio", align::right},
                                  {"target", align::left},
                                  {"", align::left}});
    bool all = true;
    for (const auto& r : rows) {
        std::string verdict = r.note;
        if (r.goal) verdict = r.goal->met ? "met" : "MISSED";
        all &= !r.note.starts_with("failed");
        table.add({r.measure, r.value, r.peer, r.peer_value, r.ratio, r.goal ? r.goal->text : "",
                   verdict});
    }
    table.print(std::cout);
    return all;
}

// XDG_CACHE_HOME and XDG_DATA_HOME in the scratch directory: the cache and the attempt log
// of every evo this bench starts are written as a user's would be (that is part of what a
// request costs), but never into the user's.
void scratch_homes(const fs::path& scratch) {
    for (const char* name : {"XDG_CACHE_HOME", "XDG_DATA_HOME"}) {
        const fs::path dir = scratch / name;
        fs::create_directories(dir);
        setenv(name, dir.c_str(), 1);
    }
    unsetenv("EVO_PLUGIN_PATH"); // the plugins beside EVO, as its installation has them
    unsetenv("EVO_LOG");         // what a user pays by default, logging included
}

} // namespace

int main(int argc, char** argv) {
    evo::bench::command_line_rules rules;
    rules.defaults.runs = 50;
    rules.defaults.warmup = 5;
    rules.min_positional = 2;
    rules.max_positional = 2; // EVO FAKE_LLM
    rules.accepts_quick = true;
    auto line = evo::bench::parse_command_line(argc, argv, rules);
    if (!line) {
        std::cerr << "evo: error: usage: bench-providers [--quick] [--runs N] [--warmup N] EVO FAKE_LLM\n";
        return 2;
    }
    try {
        const auto curl = evo::bench::find_on_path("curl");
        if (!curl) throw std::runtime_error("curl is not on PATH (it is the peer of evo gen)");
        evo::bench::scratch_dir scratch("evo-bench-providers");
        scratch_homes(scratch.path());
        fake_llm_server server(fs::absolute(line->positional[1]), *curl, scratch.path());
        const bool quick = line->quick;
        bench_setup setup{fs::absolute(line->positional[0]),
                          *curl,
                          scratch.path(),
                          &server,
                          quick ? 5 : line->runs,
                          quick ? 1 : line->warmup};

        std::cout << "bench-providers: " << std::thread::hardware_concurrency() << " CPUs"
                  << (quick ? ", --quick (a handful of requests): figures are not comparable" : "")
                  << "\nserver: " << line->positional[1] << " at " << server.url()
                  << "\nevo gen: " << setup.runs << " requests after " << setup.warmup
                  << " warm-up, interleaved with curl replaying the body evo sent"
                  << " (wall time of each process, fork to wait4)"
                  << "\nevo batch: median of " << std::max(1, setup.runs / 10)
                  << " batches after 1 warm-up\n\n";

        scale_rows rows = gen_overhead_rows(setup);
        for (auto& row : batch_wall_rows(setup))
            rows.push_back(std::move(row));
        return report(rows) ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "evo: error: bench-providers: " << e.what() << '\n';
        return 1;
    }
}
