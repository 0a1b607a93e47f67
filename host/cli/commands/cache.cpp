// evo cache stats [--json] | clear | gc: the manifest's [pipeline] cache as a whole, every
// layer of it. Each layer is asked whatever the others answered: stdout says what each one
// did, and a layer that could not (its plugin lacks the function, or it failed) makes the
// command end with one error naming every such layer (exit 2 when all of them only lack the
// function, 3 when one failed).
#include "../context.hpp"
#include "../table.hpp"
#include "../wording.hpp"

#include <evo/host/error.hpp>

#include <boost/json.hpp>

#include <iostream>

namespace evo::cli {
namespace {

namespace json = boost::json;
using report = host::cache_layer_report;

void raise_problems(const std::vector<report>& layers) {
    std::string problems;
    bool failed = false;
    for (const auto& l : layers) {
        if (l.outcome == report::result::done) continue;
        problems += (problems.empty() ? "" : "; ") + l.problem;
        failed = failed || l.outcome == report::result::failed;
    }
    if (problems.empty()) return;
    if (failed) throw host::runtime_error(problems);
    throw host::config_error(problems);
}

// hits, misses and evictions are what this instance saw; a cache shared across processes
// (a file, a server) reports entries and bytes of the whole store.
void print_stats(const std::vector<report>& layers, bool as_json) {
    if (as_json) { // an array, front layer first, even for a single cache: one shape to read
        json::array out;
        for (const auto& l : layers) {
            json::object o{{"cache", l.id}, {"plugin", l.plugin}};
            if (l.outcome == report::result::done) {
                const auto& s = l.stats;
                o["hits"] = s.hits;
                o["misses"] = s.misses;
                o["entries"] = s.entries;
                o["bytes"] = s.bytes;
                o["evictions"] = s.evictions;
            } else {
                o["error"] = l.problem;
            }
            out.push_back(std::move(o));
        }
        std::cout << json::serialize(out) << '\n';
        return;
    }
    table t({"cache", "plugin", "hits", "misses", "entries", "bytes", "evictions"});
    for (const auto& l : layers) {
        const bool known = l.outcome == report::result::done;
        auto figure = [&](uint64_t n) { return known ? std::to_string(n) : std::string("-"); };
        const auto& s = l.stats;
        t.add({l.id, l.plugin, figure(s.hits), figure(s.misses), figure(s.entries), figure(s.bytes),
               figure(s.evictions)});
    }
    t.print(std::cout);
}

} // namespace

void add_cache_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto* cmd = app.add_subcommand("cache", "the pipeline's cache, every layer: stats, clear, gc");
    cmd->require_subcommand(1);

    auto* stats = cmd->add_subcommand("stats", "hits, misses, entries, bytes and evictions of each layer");
    auto as_json = std::make_shared<bool>(false);
    stats->add_flag("--json", *as_json, "print the figures as a JSON array, one object per layer");
    stats->callback([&ctx, exit, as_json] {
        auto layers = ctx.load_runtime()->cache_stats();
        print_stats(layers, *as_json);
        raise_problems(layers);
        *exit = 0;
    });

    auto* clear = cmd->add_subcommand("clear", "remove every entry each layer can see");
    auto clear_json = std::make_shared<bool>(false);
    clear->add_flag("--json", *clear_json, "print the layers cleared as a JSON array");
    clear->callback([&ctx, exit, clear_json] {
        auto layers = ctx.load_runtime()->cache_clear();
        json::array done;
        for (const auto& l : layers)
            if (l.outcome == report::result::done) {
                if (*clear_json) done.push_back({{"cache", l.id}, {"cleared", true}});
                else std::cout << l.id << ": cleared\n";
            }
        if (*clear_json) std::cout << json::serialize(done) << '\n';
        raise_problems(layers);
        *exit = 0;
    });

    auto* gc = cmd->add_subcommand("gc", "drop expired entries now (and enforce each layer's size cap)");
    auto gc_json = std::make_shared<bool>(false);
    gc->add_flag("--json", *gc_json, "print the entries each layer removed as a JSON array");
    gc->callback([&ctx, exit, gc_json] {
        auto layers = ctx.load_runtime()->cache_gc();
        json::array done;
        for (const auto& l : layers)
            if (l.outcome == report::result::done) {
                if (*gc_json) done.push_back({{"cache", l.id}, {"removed", l.removed}});
                else std::cout << l.id << ": removed " << plural(l.removed, "entry", "entries") << '\n';
            }
        if (*gc_json) std::cout << json::serialize(done) << '\n';
        raise_problems(layers);
        *exit = 0;
    });
}

} // namespace evo::cli
