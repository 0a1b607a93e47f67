#include "evo_commands.hpp"

#include <evo/bench/bench.hpp>
#include <evo/bench/process.hpp>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace evo::scale_bench {
namespace {

namespace fs = std::filesystem;

// A prompt the shipped demo cassette answers with code that passes both validators.
const std::string prompt = "a Python function that returns the n-th Fibonacci number";

fs::path write(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
    return path;
}

fs::path gen_manifest(const evo_setup& s) {
    return write(s.scratch / "gen.toml",
                 "[pipeline]\nprovider = \"replay\"\n"
                 "validators = [\"python-syntax\", \"python-security\"]\n"
                 "cache = \"sqlite\"\non_fail = \"repair\"\nmax_repairs = 2\n"
                 "fail_on = \"medium\"\n\n"
                 "[request]\nmodel = \"demo\"\nlanguage = \"python\"\n\n"
                 "[plugins.replay]\ncassette = \"" +
                     (s.data_dir / "manifests/cassettes/demo.jsonl").string() +
                     "\"\nmatch = \"prompt\"\n\n"
                     "[plugins.python-syntax]\n[plugins.python-security]\n"
                     "[plugins.sqlite] # its default file, under XDG_CACHE_HOME\n");
}

fs::path validate_manifest(const evo_setup& s) {
    return write(
        s.scratch / "validate.toml",
        "[pipeline]\nvalidators = [\"python-syntax\", \"python-security\"]\n"
        "cache = \"sqlite\"\nscheduler = \"threadpool\"\nfail_on = \"high\"\n\n"
        "[plugins.python-syntax]\n[plugins.python-security]\n"
        "[plugins.threadpool]\nadaptive = false # as bench/validate: every CPU, whatever the load\n"
        "[plugins.sqlite]\npath = \"" +
            (s.scratch / "validate-cache.db").string() + "\"\n");
}

// "evo gen", "evo --version": the program and the first word that is not an option's.
std::string command_name(const std::vector<std::string>& argv) {
    std::string name = fs::path(argv.at(0)).filename().string();
    for (std::size_t i = 1; i < argv.size(); ++i) {
        if (argv[i] == "-m") {
            ++i;
            continue;
        }
        return name + " " + argv[i];
    }
    return name;
}

double median_ms(const std::vector<double>& samples) {
    return bench::summarize(samples).median;
}

scale_row failed_row(const std::string& measure, const std::exception& e) {
    scale_row row{measure, "", "", "", "", std::nullopt, std::string("failed: ") + e.what()};
    return row;
}

} // namespace

double timed_ms(const std::vector<std::string>& argv, const std::vector<int>& accepted) {
    bench::process_result result = bench::run_process(argv, bench::output_mode::capture);
    if (std::find(accepted.begin(), accepted.end(), result.exit_code) == accepted.end())
        throw std::runtime_error(bench::describe_failure(command_name(argv), result));
    return result.wall_ms;
}

scale_rows cached_gen_rows(const evo_setup& s) {
    const std::string measure = "evo gen, answered from the sqlite cache";
    try {
        const std::string manifest = gen_manifest(s).string();
        const std::vector<std::string> version{s.evo.string(), "--version"};
        const std::vector<std::string> gen{s.evo.string(), "-m", manifest, "gen", prompt};
        timed_ms(gen); // fills the cache
        bench::process_result check = bench::run_process(
            {s.evo.string(), "-m", manifest, "gen", "--json", prompt}, bench::output_mode::capture);
        if (check.exit_code != 0 || check.out.find("\"cache_hit\":true") == std::string::npos)
            throw std::runtime_error("the second evo gen was not answered from the cache: " +
                                     check.out.substr(0, 200) + check.err.substr(0, 200));
        std::vector<double> gen_ms, version_ms;
        for (int round = 0; round < s.warmup + s.runs; ++round) {
            const double v = timed_ms(version);
            const double g = timed_ms(gen);
            if (round >= s.warmup) version_ms.push_back(v), gen_ms.push_back(g);
        }
        const double ratio = median_ms(gen_ms) / median_ms(version_ms);
        return {{measure, fixed(median_ms(gen_ms)) + " ms", "evo --version",
                 fixed(median_ms(version_ms)) + " ms", fixed(ratio) + "x",
                 target{"<= 2x", ratio <= 2.0}, ""}};
    } catch (const std::exception& e) {
        return {failed_row(measure, e)};
    }
}

scale_rows revalidate_rows(const evo_setup& s, const std::vector<std::string>& files) {
    const std::string first_measure =
        "evo validate, " + std::to_string(files.size()) + " files, first run";
    try {
        std::vector<std::string> argv{s.evo.string(), "-m", validate_manifest(s).string(),
                                      "validate"};
        argv.insert(argv.end(), files.begin(), files.end());
        const std::vector<int> verdicts{0, 1}; // clean, or findings: both are a finished run
        // Medians on both sides, each first run on an empty cache: one run of either is at the
        // mercy of whatever else the machine does in that second.
        std::vector<double> firsts, again;
        for (int pass = 0; pass < repetitions(s); ++pass) {
            for (const char* suffix : {"", "-wal", "-shm"})
                fs::remove(s.scratch / (std::string("validate-cache.db") + suffix));
            firsts.push_back(timed_ms(argv, verdicts));
        }
        for (int run = 0; run < std::max(1, s.runs / 5); ++run)
            again.push_back(timed_ms(argv, verdicts));
        const double first = median_ms(firsts);
        const double ratio = first / median_ms(again);
        return {{first_measure, fixed(first / 1000, 2) + " s", "", "", "", std::nullopt, ""},
                {"evo validate again, unchanged (cached)", fixed(median_ms(again) / 1000, 3) + " s",
                 "the first run", fixed(first / 1000, 2) + " s", fixed(ratio, 1) + "x faster",
                 target{">= 20x faster", ratio >= 20.0}, ""}};
    } catch (const std::exception& e) {
        return {failed_row(first_measure, e)};
    }
}

} // namespace evo::scale_bench
