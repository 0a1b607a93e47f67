// evo validate PATH...: every source file through the manifest's validators, in parallel by
// the manifest's scheduler; text, JSON or SARIF out; exit 1 when a finding reaches --fail-on.
#include "../context.hpp"
#include "../report.hpp"
#include "../sarif.hpp"

#include <evo/host/call.hpp>
#include <evo/host/error.hpp>
#include <evo/host/source_files.hpp>

#include <boost/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <system_error>
#include <vector>

namespace evo::cli {
namespace {

namespace json = boost::json;

struct validate_options {
    std::vector<std::string> paths;
    std::vector<std::string> excludes;
    std::string format = "text";
    std::string fail_on; // empty: the manifest's [pipeline] fail_on
    unsigned jobs = 0;   // 0: the scheduler decides
};

struct file_result {
    std::vector<host::finding_record> findings;
    std::size_t lines = 0;
};

struct summary {
    std::size_t files = 0, skipped = 0, lines = 0;
    std::size_t by_severity[4] = {0, 0, 0, 0};
    double seconds = 0;
};

bool read_file(const std::filesystem::path& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    in.seekg(0, std::ios::end);
    out.resize(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())));
    in.seekg(0);
    in.read(out.data(), static_cast<std::streamsize>(out.size()));
    return static_cast<bool>(in);
}

// Largest files first: a big file taken last would leave every other core idle while it runs.
std::vector<std::size_t> largest_first(const std::vector<host::source_file>& files) {
    std::vector<std::uintmax_t> sizes(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::error_code unreadable; // reported when the task reads it
        sizes[i] = std::filesystem::file_size(files[i].path, unreadable);
        if (unreadable) sizes[i] = 0;
    }
    std::vector<std::size_t> order(files.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](auto a, auto b) { return sizes[a] > sizes[b]; });
    return order;
}

// One progress line on stderr, redrawn at most every 100 ms, only on a terminal.
class progress {
  public:
    explicit progress(std::size_t total) : total_(total), enabled_(isatty(STDERR_FILENO)) {}
    void tick() {
        std::size_t done = ++done_;
        if (!enabled_) return;
        std::unique_lock lock(mutex_, std::try_to_lock);
        auto now = std::chrono::steady_clock::now();
        if (!lock || (now - last_ < std::chrono::milliseconds(100) && done != total_)) return;
        last_ = now;
        std::fprintf(stderr, "\r\033[Kvalidating: %zu/%zu files", done, total_);
    }
    ~progress() {
        if (enabled_) std::fputs("\r\033[K", stderr);
    }

  private:
    std::size_t total_;
    bool enabled_;
    std::atomic<std::size_t> done_{0};
    std::mutex mutex_;
    std::chrono::steady_clock::time_point last_{};
};

std::vector<file_result>
validate_files(host::runtime& rt, const std::vector<host::source_file>& files, unsigned jobs) {
    std::vector<file_result> results(files.size());
    host::call_scope call;
    progress bar(files.size());
    const std::vector<std::size_t> order = largest_first(files);
    auto task = [&](uint64_t task_index) -> evo_status {
        const std::size_t i = order[task_index];
        const auto& file = files[i];
        std::string text;
        if (!read_file(file.path, text)) {
            results[i].findings.push_back({"evo", "EVO-READ-FAILED", EVO_SEVERITY_HIGH,
                                           EVO_SEVERITY_HIGH, file.path.string(), 0, 0,
                                           "cannot read the file", "", ""});
            return EVO_OK;
        }
        results[i].lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
                           (!text.empty() && text.back() != '\n');
        for (const auto& id : rt.config().pipeline.validators)
            rt.validate(id, call.raw(), text, file.language, file.path.string(),
                        results[i].findings);
        return EVO_OK;
    };
    auto done = [&](uint64_t, evo_status) { bar.tick(); };
    rt.schedule(call.raw(), files.size(), jobs, task, done);
    if (host::process_cancellation().cancelled()) throw host::runtime_error("interrupted");
    return results;
}

json::object summary_json(const summary& s) {
    return {{"files", s.files},
            {"skipped", s.skipped},
            {"lines", s.lines},
            {"findings",
             {{"high", s.by_severity[EVO_SEVERITY_HIGH]},
              {"medium", s.by_severity[EVO_SEVERITY_MEDIUM]},
              {"low", s.by_severity[EVO_SEVERITY_LOW]},
              {"info", s.by_severity[EVO_SEVERITY_INFO]}}},
            {"seconds", s.seconds}};
}

void print_summary(const summary& s) {
    std::fprintf(stderr,
                 "evo: %zu files (%zu skipped), %zu lines; findings: %zu high, %zu medium, %zu "
                 "low, %zu info; "
                 "%.2f s (%.0f files/s)\n",
                 s.files, s.skipped, s.lines, s.by_severity[EVO_SEVERITY_HIGH],
                 s.by_severity[EVO_SEVERITY_MEDIUM], s.by_severity[EVO_SEVERITY_LOW],
                 s.by_severity[EVO_SEVERITY_INFO], s.seconds,
                 s.seconds > 0 ? static_cast<double>(s.files) / s.seconds : 0.0);
}

void print(const std::string& format, const std::vector<host::finding_record>& findings,
           const summary& s) {
    if (format == "sarif") {
        std::cout << json::serialize(sarif_log(findings)) << '\n';
    } else if (format == "json") {
        json::array list;
        for (const auto& f : findings)
            list.push_back(finding_json(f));
        std::cout << json::serialize(json::object{{"findings", list}, {"summary", summary_json(s)}})
                  << '\n';
    } else {
        for (const auto& f : findings)
            std::cout << format_finding(f) << '\n';
    }
    print_summary(s);
}

int run_validate(const context& ctx, const validate_options& opt) {
    auto rt = ctx.load_runtime();
    if (rt->config().pipeline.validators.empty())
        throw host::config_error(rt->config().file.string() + ": [pipeline] names no validators");
    int threshold =
        opt.fail_on.empty() ? rt->config().pipeline.fail_on : *host::parse_severity(opt.fail_on);
    auto started = std::chrono::steady_clock::now();
    host::discovery found = host::discover_sources(opt.paths, opt.excludes, rt->languages());
    auto results = validate_files(*rt, found.files, opt.jobs);

    summary s;
    s.files = found.files.size();
    s.skipped = found.skipped;
    std::vector<host::finding_record> findings;
    for (auto& r : results) {
        s.lines += r.lines;
        for (auto& f : r.findings) {
            ++s.by_severity[std::clamp(f.severity, 0, 3)];
            findings.push_back(std::move(f));
        }
    }
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    print(opt.format, findings, s);
    bool failed = std::any_of(findings.begin(), findings.end(),
                              [&](const auto& f) { return f.severity >= threshold; });
    return failed ? static_cast<int>(host::exit_code::validation_failed) : 0;
}

} // namespace

void add_validate_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto opt = std::make_shared<validate_options>();
    auto* cmd =
        app.add_subcommand("validate", "run the manifest's validators over files and directories");
    cmd->add_option("PATH", opt->paths, "files or directories (recursive)")->required();
    cmd->add_option("--exclude", opt->excludes, "skip paths matching this glob (repeatable)");
    cmd->add_option("--format", opt->format, "output format")
        ->check(CLI::IsMember({"text", "json", "sarif"}))
        ->capture_default_str();
    cmd->add_option("--fail-on", opt->fail_on,
                    "exit 1 when a finding reaches this severity (default: manifest)")
        ->check(CLI::IsMember({"info", "low", "medium", "high"}));
    cmd->add_option("-j,--jobs", opt->jobs,
                    "files validated at once (default: the scheduler decides)");
    cmd->callback([&ctx, exit, opt] { *exit = run_validate(ctx, *opt); });
}

} // namespace evo::cli
