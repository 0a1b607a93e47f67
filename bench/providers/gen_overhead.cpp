#include "gen_overhead.hpp"

#include <evo/bench/process.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace evo::providers_bench {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using scale_bench::fixed;
using scale_bench::scale_row;
using scale_bench::scale_rows;

const std::string prompt = "a Python function that adds two numbers";

fs::path write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

fs::path gen_manifest(const bench_setup& s) {
    return write(s.scratch / "gen.toml",
                 "[pipeline]\nprovider = \"llm\"\nallow_unvalidated = true\n\n"
                 "[request]\nmodel = \"fake\"\nlanguage = \"python\"\n\n"
                 "[plugins.llm]\nplugin = \"openai\"\nbase_url = \"" +
                     s.server->url() + "/v1\"\n");
}

// The sample at the p-th fraction of the sorted samples (nearest rank).
double percentile(std::vector<double> samples, double p) {
    std::sort(samples.begin(), samples.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
    return samples.at(std::max<std::size_t>(rank, 1) - 1);
}

std::string string_of(const json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : std::string();
}

// The one request the server received: its path, raw body and the headers evo chose (curl
// sets Host and Content-Length itself).
std::vector<std::string> curl_replaying(const bench_setup& s, const json::object& request) {
    const std::string path = string_of(request.at("path"));
    const fs::path body = write(s.scratch / "body.json", string_of(request.at("raw")));
    // -A "": no User-Agent of curl's own unless evo sent one (then its -H below wins).
    std::vector<std::string> argv{s.curl.string(), "-s", "-X", "POST", "-A", ""};
    for (const auto& [name, value] : request.at("headers").as_object()) {
        if (name == "Host" || name == "Content-Length") continue;
        argv.push_back("-H");
        argv.push_back(std::string(name) + ": " + string_of(value));
    }
    argv.insert(argv.end(), {"--data-binary", "@" + body.string(), s.server->url() + path});
    return argv;
}

void expect(bool holds, const std::string& what) {
    if (!holds) throw std::runtime_error(what);
}

// "Accept: text/event-stream\nContent-Type: ...": a request's headers, names in lower case,
// sorted, for comparing evo's request with curl's.
std::string header_lines(const json::object& request) {
    std::vector<std::string> lines;
    for (const auto& [name, value] : request.at("headers").as_object()) {
        std::string line(name);
        std::transform(line.begin(), line.end(), line.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        lines.push_back(line + ": " + string_of(value));
    }
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const auto& line : lines)
        text += line + "\n";
    return text;
}

// Every request the server received, evo's and curl's, is the first one evo sent: the same
// path, body and headers. Throws naming the first that differs.
void expect_same_requests(const json::array& received, const json::object& first) {
    for (const json::value& v : received) {
        const json::object& r = v.as_object();
        expect(r.at("path") == first.at("path") && r.at("raw") == first.at("raw") &&
                   header_lines(r) == header_lines(first),
               "the server received a request unlike evo's first one:\n" + header_lines(r) +
                   "against\n" + header_lines(first));
    }
}

} // namespace

scale_rows gen_overhead_rows(const bench_setup& s) {
    const std::string measure = "evo gen --no-cache, one request";
    try {
        s.server->set_rules("[]"); // every request answered at once, with valid Python
        const std::vector<std::string> gen{s.evo.string(), "-m",         gen_manifest(s).string(),
                                           "gen",          "--no-cache", prompt};
        bench::process_result first = bench::run_process(gen, bench::output_mode::capture);
        expect(first.exit_code == 0, bench::describe_failure("evo gen", first));
        const json::array sent = s.server->requests();
        expect(sent.size() == 1,
               "evo gen sent " + std::to_string(sent.size()) + " requests to the server, not 1");
        const std::vector<std::string> curl = curl_replaying(s, sent.at(0).as_object());
        // The same without the attempt log: what the log's SQLite write costs a run.
        std::vector<std::string> gen_unlogged = gen;
        gen_unlogged.insert(gen_unlogged.end() - 1, "--no-log");

        std::vector<double> evo_ms, unlogged_ms, curl_ms;
        for (int round = 0; round < s.warmup + s.runs; ++round) {
            const bench::process_result e = bench::run_process(gen, bench::output_mode::capture);
            expect(e.exit_code == 0, bench::describe_failure("evo gen", e));
            const bench::process_result u =
                bench::run_process(gen_unlogged, bench::output_mode::capture);
            expect(u.exit_code == 0, bench::describe_failure("evo gen --no-log", u));
            const bench::process_result c = bench::run_process(curl, bench::output_mode::capture);
            expect(c.exit_code == 0 && c.out.find("[DONE]") != std::string::npos,
                   bench::describe_failure("curl", c) + ": " + c.out.substr(0, 200));
            if (round >= s.warmup)
                evo_ms.push_back(e.wall_ms), unlogged_ms.push_back(u.wall_ms),
                    curl_ms.push_back(c.wall_ms);
        }
        const std::size_t expected = 1 + 3 * static_cast<std::size_t>(s.warmup + s.runs);
        const json::array received = s.server->requests();
        expect(received.size() == expected, "the server did not receive one request per run");
        expect_same_requests(received, sent.at(0).as_object());

        scale_rows rows;
        for (const auto& [label, p] : {std::pair{"median", 0.5}, std::pair{"p90", 0.9}}) {
            const double e = percentile(evo_ms, p), c = percentile(curl_ms, p);
            const double overhead = e - c;
            scale_row row{measure + ", " + label,
                          fixed(e) + " ms",
                          "curl",
                          fixed(c) + " ms",
                          fixed(e / c) + "x, " + (overhead >= 0 ? "+" : "") + fixed(overhead) +
                              " ms",
                          std::nullopt,
                          ""};
            if (p == 0.5) row.goal = scale_bench::target{"< 1 ms over curl", overhead < 1.0};
            rows.push_back(std::move(row));
        }
        const double u = percentile(unlogged_ms, 0.5), c = percentile(curl_ms, 0.5);
        rows.push_back({"evo gen --no-cache --no-log, one request, median", fixed(u) + " ms",
                        "curl", fixed(c) + " ms",
                        fixed(u / c) + "x, " + (u >= c ? "+" : "") + fixed(u - c) + " ms",
                        scale_bench::target{"< 1 ms over curl", u - c < 1.0}, ""});
        return rows;
    } catch (const std::exception& e) {
        return {{measure, "", "", "", "", std::nullopt, std::string("failed: ") + e.what()}};
    }
}

} // namespace evo::providers_bench
