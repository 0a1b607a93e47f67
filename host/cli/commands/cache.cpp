// evo cache stats [--json] | clear | gc: the manifest's [pipeline] cache as a whole.
#include "../context.hpp"

#include <evo/host/error.hpp>

#include <boost/json.hpp>

#include <iostream>

namespace evo::cli {
namespace {

namespace json = boost::json;

// hits, misses and evictions are what this instance saw; a cache shared across processes
// (a file, a server) reports entries and bytes of the whole store.
void print_stats(const evo_cache_stats& s, bool as_json) {
    if (as_json) {
        json::object o{{"hits", s.hits},
                       {"misses", s.misses},
                       {"entries", s.entries},
                       {"bytes", s.bytes},
                       {"evictions", s.evictions}};
        std::cout << json::serialize(o) << '\n';
        return;
    }
    std::cout << "hits:       " << s.hits << '\n'
              << "misses:     " << s.misses << '\n'
              << "entries:    " << s.entries << '\n'
              << "bytes:      " << s.bytes << '\n'
              << "evictions:  " << s.evictions << '\n';
}

} // namespace

void add_cache_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto* cmd = app.add_subcommand("cache", "the pipeline's cache: stats, clear, gc");
    cmd->require_subcommand(1);

    auto* stats = cmd->add_subcommand("stats", "hits, misses, entries, bytes and evictions");
    auto as_json = std::make_shared<bool>(false);
    stats->add_flag("--json", *as_json, "print the figures as JSON");
    stats->callback([&ctx, exit, as_json] {
        print_stats(ctx.load_runtime()->cache_stats(), *as_json);
        *exit = 0;
    });

    auto* clear = cmd->add_subcommand("clear", "remove every entry the cache instance can see");
    clear->callback([&ctx, exit] {
        ctx.load_runtime()->cache_clear();
        std::cout << "cleared\n";
        *exit = 0;
    });

    auto* gc = cmd->add_subcommand("gc", "drop expired entries now (and enforce the size cap)");
    gc->callback([&ctx, exit] {
        const uint64_t removed = ctx.load_runtime()->cache_gc(); // before any output: it may throw
        std::cout << "removed " << removed << " entries\n";
        *exit = 0;
    });
}

} // namespace evo::cli
