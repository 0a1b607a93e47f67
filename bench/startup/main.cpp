// bench-startup: how fast evo starts and how much memory it takes, beside /bin/true and
// python3 measured in the same run. See bench/README.md.
//
// usage: bench-startup [--runs N] [--warmup N] EVO [MANIFEST]
// MANIFEST defaults to share/evo/manifests/offline.toml beside EVO's bin/ (build or install).
#include "measure.hpp"
#include <evo/bench/command_line.hpp>
#include <evo/bench/python_runtime.hpp>
#include <evo/bench/scratch_cache_home.hpp>
#include "report.hpp"
#include "stripped_size.hpp"

#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace evo::startup_bench;

struct options {
    int runs = 30;
    int warmup = 3;
    fs::path evo;
    fs::path manifest;
};

std::optional<options> parse(int argc, char** argv) {
    evo::bench::command_line_rules rules; // --runs 30 --warmup 3, EVO [MANIFEST]
    rules.max_positional = 2;
    auto line = evo::bench::parse_command_line(argc, argv, rules);
    if (!line) return std::nullopt;
    options o{line->runs, line->warmup, fs::absolute(line->positional[0]), {}};
    o.manifest = line->positional.size() == 2 ? fs::path(line->positional[1])
                                              : evo::bench::installed_manifest(o.evo, "offline.toml");
    return o;
}

std::vector<subject> subjects(const options& o) {
    // The interpreter itself (sys.executable), so a launcher such as a pyenv shim does not add
    // its own start-up to Python's, as in `evo bench`.
    fs::path python = evo::bench::probe_python(o.evo.parent_path().parent_path() / "share/evo").executable;
    return {{"/bin/true", {"/bin/true"}},
            {"python3 -c pass", {python.string(), "-c", "pass"}},
            {"evo --version", {o.evo.string(), "--version"}},
            {"evo manifest check " + o.manifest.filename().string(),
             {o.evo.string(), "manifest", "check", o.manifest.string()}}};
}

bool all_measured(const startup_results& r) {
    for (const auto& m : r.measurements)
        if (!m.failure.empty()) return false;
    return r.stripped_bytes.has_value();
}

} // namespace

int main(int argc, char** argv) {
    auto o = parse(argc, argv);
    if (!o) {
        std::cerr << "evo: error: usage: bench-startup [--runs N] [--warmup N] EVO [MANIFEST]\n";
        return 2;
    }
    try {
        // The offline manifest keeps a cache on disk, which `evo manifest check` opens: every
        // run here opens one of its own, never the user's.
        evo::bench::scratch_cache_home cache_home("evo-bench-startup");
        startup_results r;
        r.subjects = subjects(*o);
        r.runs = o->runs;
        r.warmup = o->warmup;
        r.unstripped_bytes = fs::file_size(o->evo);
        try {
            r.stripped_bytes = stripped_size(o->evo);
        } catch (const std::runtime_error& e) {
            r.strip_failure = e.what();
        }
        r.fork_floor_kib = fork_floor_kib();
        r.measurements = measure(r.subjects, o->warmup, o->runs);
        print_report(std::cout, r);
        return all_measured(r) ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "evo: error: bench-startup: " << e.what() << '\n';
        return 1;
    }
}
