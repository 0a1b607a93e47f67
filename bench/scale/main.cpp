// bench-scale: issue 9's figures in one run. Gets and puts per second of each cache plugin
// (redis beside redis-benchmark on the same server), a cached `evo gen` beside `evo --version`,
// a first and a second `evo validate` of the standard library, and `evo validate --no-cache`
// spread over 1 and 2 `evo worker`s through redis-streams (when that plugin is built). Each
// row against issue 9's target, met or MISSED. Reports; asserts nothing. See bench/README.md.
//
// usage: bench-scale [--quick] [--runs N] [--warmup N] EVO [STDLIB]
// STDLIB defaults to /usr/lib/python3.11.
#include "cache_rows.hpp"
#include "distributed.hpp"
#include "evo_commands.hpp"
#include "python_sources.hpp"

#include <evo/bench/command_line.hpp>
#include <evo/bench/scratch_dir.hpp>
#include <evo/bench/text_table.hpp>
#include <evo/host/runtime.hpp>

#include <stdlib.h>

#include <iostream>
#include <thread>

namespace {

namespace fs = std::filesystem;
using namespace evo::scale_bench;
using evo::bench::align;

void append(scale_rows& rows, scale_rows more) {
    rows.insert(rows.end(), std::make_move_iterator(more.begin()),
                std::make_move_iterator(more.end()));
}

// Prints the table; true when no row failed ("not built" is not a failure).
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

} // namespace

int main(int argc, char** argv) {
    evo::bench::command_line_rules rules;
    rules.defaults.runs = 20;
    rules.defaults.warmup = 2;
    rules.max_positional = 2; // EVO [STDLIB]
    rules.accepts_quick = true;
    auto line = evo::bench::parse_command_line(argc, argv, rules);
    if (!line) {
        std::cerr << "evo: error: usage: bench-scale [--quick] [--runs N] [--warmup N] EVO [STDLIB]\n";
        return 2;
    }
    try {
        const fs::path evo = fs::absolute(line->positional[0]);
        const fs::path stdlib = line->positional.size() == 2 ? fs::path(line->positional[1])
                                                             : fs::path("/usr/lib/python3.11");
        const bool quick = line->quick;
        evo::bench::scratch_dir scratch("evo-bench-scale");
        // Every evo this bench starts keeps its default cache file here, never the user's.
        const fs::path cache_home = scratch.path() / "xdg-cache";
        fs::create_directories(cache_home);
        setenv("XDG_CACHE_HOME", cache_home.c_str(), 1);
        setenv("EVO_LOG", "off", 1); // nor writes the user's attempt log
        unsetenv("EVO_PLUGIN_PATH"); // the plugins beside EVO, as its installation has them

        const evo::host::installation install = evo::host::locate_installation();
        evo_setup setup{evo, scratch.path(), install.data_dir, quick ? 3 : line->runs,
                        quick ? 1 : line->warmup};
        // --quick: a slice of the library, enough to show that every row runs.
        const auto files = python_sources(stdlib, quick ? 60 : 0);

        std::cout
            << "bench-scale: " << std::thread::hardware_concurrency() << " CPUs"
            << (quick ? ", --quick (a tenth of the cache operations, 60 files): figures are not "
                        "comparable"
                      : "")
            << "\ncaches: through the real plugins (the host's loader, the C ABI, "
               "runtime::cache_get/put),"
               " 100-byte values, one thread\n"
            << "evo gen: median of " << setup.runs << " runs after " << setup.warmup
            << " warm-up, interleaved with evo --version\n"
            << "evo validate: " << files.size() << " files under " << stdlib.string()
            << " (no test directories, no site-packages), python-syntax + python-security\n\n";

        scale_rows rows;
        append(rows, cache_rows(scratch.path(), quick));
        append(rows, cached_gen_rows(setup));
        append(rows, revalidate_rows(setup, files));
        append(rows, distributed_rows(setup, install.plugin_dir, files));
        return report(rows) ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "evo: error: bench-scale: " << e.what() << '\n';
        return 1;
    }
}
