// evo status: version, manifest in use, plugins composed, and the machine's capacity.
#include "../context.hpp"

#include <evo/host/error.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

namespace evo::cli {
namespace {

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

void print_machine() {
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    std::cout << "cpus:       " << std::thread::hardware_concurrency() << '\n'
              << "load:       " << load[0] << ' ' << load[1] << ' ' << load[2] << '\n'
              << "free mem:   " << mem_available_mb() << " MiB available\n";
}

} // namespace

void add_status_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto* cmd = app.add_subcommand("status", "version, manifest in use, composed plugins, machine capacity");
    cmd->callback([&ctx, exit] {
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
            std::string validators;
            for (const auto& v : p.validators) validators += (validators.empty() ? "" : " -> ") + v;
            std::string caches; // front first: a get tries them in this order
            for (const auto& v : p.cache) caches += (caches.empty() ? "" : " -> ") + v;
            std::string providers;
            for (const auto& v : p.providers) providers += (providers.empty() ? "" : ", then ") + v;
            std::cout << "pipeline:   provider " << (providers.empty() ? "none" : providers) << "; validators "
                      << (validators.empty() ? "none" : validators) << "; cache "
                      << (caches.empty() ? "none" : caches) << "; scheduler "
                      << (p.scheduler.empty() ? "none (inline)" : p.scheduler) << '\n';
        }
        print_machine();
        *exit = 0;
    });
}

} // namespace evo::cli
