// evo status: version, manifest in use, plugins composed, and the machine's capacity.
#include "../context.hpp"
#include "../wording.hpp"

#include <evo/host/error.hpp>

#include <boost/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

namespace evo::cli {
namespace {

namespace json = boost::json;

long mem_available_mb() {
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    long kb = 0;
    while (meminfo >> key >> kb) {
        if (key == "MemAvailable:") return kb / 1024;
        meminfo.ignore(256, '\n');
    }
    return -1;
}

struct machine {
    unsigned cpus = std::thread::hardware_concurrency();
    double load[3] = {0, 0, 0};
    long mem_available_mb = evo::cli::mem_available_mb();
    machine() { getloadavg(load, 3); }
};

json::object status_json(const context& ctx) {
    json::object o{{"version", EVO_VERSION},
                   {"abi", std::to_string(EVO_ABI_VERSION_MAJOR) + "." + std::to_string(EVO_ABI_VERSION_MINOR)}};
    auto path = ctx.manifest_path();
    o["manifest"] = path ? json::value(path->string()) : json::value(nullptr);
    json::array plugins;
    json::object pipeline;
    if (path) {
        auto rt = ctx.load_runtime();
        for (const auto* inst : rt->instances())
            plugins.push_back({{"id", inst->id()},
                               {"plugin", inst->plugin().name()},
                               {"version", inst->plugin().descriptor.version},
                               {"kind", host::kind_name(inst->kind())}});
        const auto& p = rt->config().pipeline;
        const auto names = [](const std::vector<std::string>& v) { return json::array(v.begin(), v.end()); };
        pipeline = {{"providers", names(p.providers)},
                    {"validators", names(p.validators)},
                    {"cache", names(p.cache)},
                    {"scheduler", p.scheduler}};
    }
    o["plugins"] = std::move(plugins);
    o["pipeline"] = path ? json::value(std::move(pipeline)) : json::value(nullptr);
    machine m;
    o["machine"] = {{"cpus", m.cpus},
                    {"load", json::array{m.load[0], m.load[1], m.load[2]}},
                    {"mem_available_mb", m.mem_available_mb}};
    return o;
}

void print_status(const context& ctx) {
    std::cout << "evo:        " EVO_VERSION " (plugin ABI " << EVO_ABI_VERSION_MAJOR << '.' << EVO_ABI_VERSION_MINOR << ")\n";
    auto path = ctx.manifest_path();
    std::cout << "manifest:   " << (path ? path->string() : std::string("none")) << '\n';
    if (path) {
        auto rt = ctx.load_runtime();
        const auto& p = rt->config().pipeline;
        for (const auto* inst : rt->instances()) {
            std::cout << "plugin:     " << inst->id() << " = " << inst->plugin().name() << ' '
                      << inst->plugin().descriptor.version << " (" << host::kind_name(inst->kind()) << ")\n";
        }
        const std::string validators = joined(p.validators, " -> ");
        const std::string caches = joined(p.cache, " -> "); // front first: a get tries them in this order
        const std::string providers = joined(p.providers, ", then ");
        std::cout << "pipeline:   provider " << (providers.empty() ? "none" : providers) << "; validators "
                  << (validators.empty() ? "none" : validators) << "; cache "
                  << (caches.empty() ? "none" : caches) << "; scheduler "
                  << (p.scheduler.empty() ? "none (inline)" : p.scheduler) << '\n';
    }
    machine m;
    char load[64];
    std::snprintf(load, sizeof load, "%.2f %.2f %.2f", m.load[0], m.load[1], m.load[2]);
    std::cout << "cpus:       " << m.cpus << '\n'
              << "load:       " << load << '\n'
              << "free mem:   " << m.mem_available_mb << " MiB available\n";
}

} // namespace

void add_status_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto* cmd = app.add_subcommand("status", "version, manifest in use, composed plugins, machine capacity");
    auto as_json = std::make_shared<bool>(false);
    cmd->add_flag("--json", *as_json, "print the status as one JSON object on stdout");
    cmd->callback([&ctx, exit, as_json] {
        if (*as_json)
            std::cout << json::serialize(status_json(ctx)) << '\n';
        else
            print_status(ctx);
        *exit = 0;
    });
}

} // namespace evo::cli
