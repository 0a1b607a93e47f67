#include "bench_pipeline.hpp"

#include <evo/bench/process.hpp>
#include <evo/bench/scratch_cache_home.hpp>
#include <evo/host/error.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace evo::cli {
namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

struct measured {
    std::vector<double> wall_ms, rss_mib;
};

// Runs `argv` `runs` times after a warm-up; every run must succeed (exit 0 or `allowed`).
measured run_outside(const std::vector<std::string>& argv, int runs, const std::function<bool()>& stop, int allowed = 0) {
    measured m;
    for (int i = 0; i <= runs && !stop(); ++i) {
        auto r = bench::run_process(argv, bench::output_mode::capture);
        if (r.exit_code != 0 && r.exit_code != allowed) throw host::runtime_error(bench::describe_failure(argv[0], r));
        if (i == 0) continue; // warm-up
        m.wall_ms.push_back(r.wall_ms);
        m.rss_mib.push_back(r.max_rss_kib / 1024.0);
    }
    return m;
}

bench::bench_row row(std::string name, std::string title, std::string unit, std::vector<double> samples,
                     bool lower_is_better = true, std::string note = "") {
    bench::bench_row r;
    r.suite = "pipeline";
    r.name = std::move(name);
    r.title = std::move(title);
    r.unit = std::move(unit);
    r.lower_is_better = lower_is_better;
    r.evo = bench::summarize(std::move(samples));
    r.note = std::move(note);
    return r;
}

// A corpus of distinct, valid Python modules of typical size, written for this run.
fs::path generate_corpus(const fs::path& dir, int files) {
    fs::create_directories(dir);
    for (int i = 0; i < files; ++i) {
        std::ofstream out(dir / ("module_" + std::to_string(i) + ".py"));
        out << "\"\"\"Generated module " << i << ".\"\"\"\nimport json\nimport os\n\n";
        for (int f = 0; f < 20; ++f) {
            out << "def function_" << f << "(items, limit=" << (i + f) % 17 << "):\n"
                << "    total = 0\n    for index, item in enumerate(items):\n"
                << "        if index > limit:\n            break\n"
                << "        total += len(json.dumps({'k': item, 'n': " << f << "}))\n"
                << "    return os.path.join('out', str(total))\n\n";
        }
    }
    return dir;
}

std::vector<bench::bench_row> measure(const context& ctx, int runs, const std::function<bool()>& stop) {
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    const std::string offline = (ctx.install.data_dir / "manifests/offline.toml").string();
    const std::string fallback = (ctx.install.data_dir / "manifests/default.toml").string();
    std::vector<bench::bench_row> rows;
    // The shipped manifests cache on disk: neither the user's cache filled nor served from.
    bench::scratch_cache_home cache_home("evo-bench-cache");

    auto start = run_outside({self, "-m", fallback, "manifest", "check"}, runs, stop);
    rows.push_back(row("cold_start_default_manifest", "cold start: evo manifest check (default manifest)", "ms",
                       start.wall_ms));
    rows.push_back(row("peak_rss_default_manifest", "peak memory: evo manifest check (default manifest)", "MiB",
                       start.rss_mib));
    auto listing = run_outside({self, "plugins"}, runs, stop);
    rows.push_back(row("plugin_descriptors", "load every plugin's descriptor: evo plugins", "ms", listing.wall_ms));

    if (!stop()) {
        host::runtime rt(host::load_manifest(offline), ctx.install);
        const std::string value(1024, 'v');
        constexpr int operations = 100000;
        std::vector<double> rates;
        for (int r = 0; r < runs && !stop(); ++r) {
            auto t0 = clock_type::now();
            for (int i = 0; i < operations; ++i) {
                std::string key = "k" + std::to_string(i % 4096);
                rt.cache_put(key, value);
                if (!rt.cache_get(key)) throw host::runtime_error("cache lost a fresh entry");
            }
            double s = std::chrono::duration<double>(clock_type::now() - t0).count();
            rates.push_back(2.0 * operations / s);
        }
        rows.push_back(row("cache_get_put", "cache put+get, 1 KiB values (offline manifest's cache)", "ops/s", rates,
                           false, "in-process, through the plugin ABI: every layer (memory in front of sqlite)"));
    }

    if (!stop()) {
        fs::path corpus = fs::temp_directory_path() / ("evo-bench-corpus-" + std::to_string(getpid()));
        constexpr int files = 400;
        generate_corpus(corpus, files);
        // --no-cache: the cache on disk would answer every run after the warm-up from what it
        // stored; this row is the validators' work.
        auto validate = run_outside({self, "-m", offline, "validate", "--no-cache", corpus.string()}, runs, stop, 1);
        fs::remove_all(corpus);
        std::vector<double> rates;
        for (double ms : validate.wall_ms) rates.push_back(files / (ms / 1000.0));
        rows.push_back(row("validate_generated_corpus", "evo validate, 400 generated Python files (offline manifest)",
                           "files/s", rates, false, "whole process, every validator of the manifest"));
    }
    return rows;
}

} // namespace

bench::pipeline_measure pipeline_suite(const context& ctx) {
    return [&ctx](int runs, const std::function<bool()>& stop) { return measure(ctx, runs, stop); };
}

} // namespace evo::cli
