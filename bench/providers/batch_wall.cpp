#include "batch_wall.hpp"

#include <evo/bench/bench.hpp>
#include <evo/bench/process.hpp>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace evo::providers_bench {
namespace {

namespace fs = std::filesystem;
using scale_bench::fixed;
using scale_bench::scale_rows;

constexpr int requests = 200;
constexpr int concurrency = 32;
constexpr double latency_ms = 100;
constexpr int rounds = (requests + concurrency - 1) / concurrency;

fs::path write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

fs::path batch_manifest(const bench_setup& s) {
    return write(s.scratch / "batch.toml",
                 "[pipeline]\nprovider = \"llm\"\nallow_unvalidated = true\n"
                 "scheduler = \"pool\"\n\n"
                 "[request]\nmodel = \"fake\"\nlanguage = \"python\"\n\n"
                 "[plugins.llm]\nplugin = \"openai\"\nbase_url = \"" +
                     s.server->url() +
                     "/v1\"\n\n"
                     "[plugins.pool]\nplugin = \"threadpool\"\nthreads = " +
                     std::to_string(concurrency) + "\nadaptive = false\n");
}

// One request a line, each its own prompt and past the cache.
fs::path request_file(const bench_setup& s) {
    std::string lines;
    for (int i = 0; i < requests; ++i)
        lines += "{\"prompt\": \"a Python function that returns " + std::to_string(i) +
                 "\", \"no_cache\": true}\n";
    return write(s.scratch / "requests.jsonl", lines);
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

double timed_batch(const bench_setup& s, const std::vector<std::string>& argv) {
    s.server->set_rules("[{\"latency\": " + fixed(latency_ms / 1000, 3) + "}]");
    const bench::process_result r = bench::run_process(argv, bench::output_mode::capture);
    if (r.exit_code != 0) throw std::runtime_error(bench::describe_failure("evo batch", r));
    if (count_of(r.out, "\n") != requests || count_of(r.out, "\"outcome\":\"passed\"") != requests)
        throw std::runtime_error("evo batch did not pass " + std::to_string(requests) +
                                 " requests: " + r.out.substr(0, 200));
    const std::size_t received = s.server->requests().size();
    if (received != requests)
        throw std::runtime_error("the server received " + std::to_string(received) +
                                 " requests, not " + std::to_string(requests));
    return r.wall_ms;
}

} // namespace

scale_rows batch_wall_rows(const bench_setup& s) {
    const std::string measure = "evo batch, " + std::to_string(requests) + " requests at " +
                                fixed(latency_ms, 0) + " ms, " + std::to_string(concurrency) +
                                " at once";
    try {
        const std::vector<std::string> batch{s.evo.string(), "-m", batch_manifest(s).string(),
                                             "batch", request_file(s).string()};
        timed_batch(s, batch); // warm-up
        std::vector<double> wall;
        for (int run = 0; run < std::max(1, s.runs / 10); ++run)
            wall.push_back(timed_batch(s, batch));
        const double median = bench::summarize(wall).median;
        const double ideal = rounds * latency_ms;
        const double ratio = median / ideal;
        return {{measure, fixed(median, 0) + " ms",
                 "ideal (" + std::to_string(rounds) + " x " + fixed(latency_ms, 0) + " ms)",
                 fixed(ideal, 0) + " ms", fixed(ratio) + "x",
                 scale_bench::target{"within 10% (<= 1.10x)", ratio <= 1.10}, ""}};
    } catch (const std::exception& e) {
        return {{measure, "", "", "", "", std::nullopt, std::string("failed: ") + e.what()}};
    }
}

} // namespace evo::providers_bench
