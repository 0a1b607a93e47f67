// evo validate PATH...: every source file through the manifest's validators, in parallel by
// the manifest's scheduler; text, JSON or SARIF out. Every file ends checked, skipped (with the
// reason) or errored: exit 1 when a finding reaches --fail-on, 3 when any file errored (a
// validator that failed included), 2 when the network policy refused a provider it consulted.
#include "../baseline.hpp"
#include "../context.hpp"
#include "../remote_tasks.hpp"
#include "../rule_selection_options.hpp"
#include "../test_code.hpp"
#include "../validate_input.hpp"
#include "../validate_output.hpp"
#include "../validate_progress.hpp"

#include <evo/host/call.hpp>
#include <evo/host/error.hpp>
#include <evo/host/file_judgement.hpp>
#include <evo/host/plugin_instance.hpp>
#include <evo/host/regular_file.hpp>
#include <evo/host/source_files.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace evo::cli {
namespace {

struct validate_options {
    std::vector<std::string> paths;
    std::vector<std::string> excludes;
    std::string format = "text";
    std::string fail_on; // empty: the manifest's [pipeline] fail_on
    unsigned jobs = 0;   // 0: the scheduler decides
    bool use_cache = true; // --no-cache: neither read nor write the pipeline's cache
    bool exclude_tests = false; // --exclude-tests: leave out findings in test code
    validate_input input;       // -, --lang, --stdin-filename, --strict, --no-ignore
    baseline_options baseline;
    rule_selection_options rules; // --select, --ignore
};

// What became of one file. A task that never ran or was never reported stays `pending`, which
// the run turns into an error: a file nobody judged is never taken as passed.
struct file_outcome {
    enum class state { pending, checked, skipped, errored };
    state end = state::pending;
    bool reported = false; // the scheduler called back for this file's task
    std::vector<host::finding_record> findings;
    std::size_t lines = 0;
    std::string reason; // skipped, errored: why
    bool policy_refused = false; // errored because the network policy refused a provider
    bool cached = false;         // checked: its verdicts came from the cache
    bool decided_here = false;   // not a text to judge: its task is not run (nor described)
    finding_code code;           // the lines its findings point at, for baselines
    std::string text;            // a worker's file, with a baseline: judged text kept till then
};

// Largest files first: a big file taken last would leave every other core idle while it runs.
std::vector<std::size_t> largest_first(const std::vector<host::source_file>& files) {
    std::vector<std::uintmax_t> sizes(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (files[i].content) { // standard input: its path is only a name for reports
            sizes[i] = files[i].content->size();
            continue;
        }
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

std::size_t count_lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
           (!text.empty() && text.back() != '\n');
}

// A judgement, here or by a worker, as what became of the file.
void take(host::file_judgement j, file_outcome& out) {
    out.end = j.end == host::file_judgement::state::checked   ? file_outcome::state::checked
              : j.end == host::file_judgement::state::skipped ? file_outcome::state::skipped
                                                              : file_outcome::state::errored;
    out.reason = std::move(j.reason);
    out.policy_refused = j.policy_refused;
    out.cached = j.cached;
    if (out.end == file_outcome::state::checked) out.findings = std::move(j).findings();
}

// The file's text, or why there is none to judge (then `out` says what became of the file).
std::optional<std::string> read_source(const host::source_file& file, file_outcome& out) {
    if (file.content) { // standard input, read once
        out.lines = count_lines(*file.content);
        return *file.content;
    }
    std::string text;
    host::file_read read = host::read_regular_file(file.path, text);
    if (read.outcome == host::file_read::result::ok) {
        out.lines = count_lines(text);
        return text;
    }
    const bool not_regular = read.outcome == host::file_read::result::not_regular;
    out.end = not_regular ? file_outcome::state::skipped : file_outcome::state::errored;
    out.reason = not_regular ? read.reason : "cannot read: " + read.reason;
    out.decided_here = true;
    return std::nullopt;
}

// One file through every validator of the pipeline, or from the cache when it is unchanged;
// with `keep_code` (a baseline), the lines its findings point at are kept too.
evo_status check_file(host::runtime& rt, const evo_call* call, const host::source_file& file,
                      bool use_cache, bool keep_code, file_outcome& out) {
    auto text = read_source(file, out);
    if (!text) return EVO_OK;
    take(host::judge_text(rt, call, *text, file.language, file.path.string(), use_cache), out);
    if (keep_code) keep_finding_code(*text, out.findings, out.code);
    return EVO_OK;
}

// A task's status as the scheduler reported it; any failure makes the file an error.
void on_reported(file_outcome& out, evo_status status) {
    out.reported = true;
    if (out.decided_here) return; // whatever the scheduler made of a task it could not describe
    if (status == EVO_OK || status == EVO_ERR_CANCELLED) return;
    out.end = file_outcome::state::errored;
    if (out.reason.empty()) out.reason = "its task failed (" + host::status_name(status) + ")";
}

// After the run: what no task or report accounted for is an error too.
void require_reported(file_outcome& out) {
    if (out.end == file_outcome::state::errored) return;
    if (!out.reported)
        out.reason = "the scheduler never reported its task";
    else if (out.end == file_outcome::state::pending)
        out.reason = "the scheduler reported its task without running it";
    else
        return;
    out.end = file_outcome::state::errored;
}

std::vector<file_outcome>
validate_files(host::runtime& rt, const std::vector<host::source_file>& files, unsigned jobs,
               bool use_cache, bool keep_text) {
    std::vector<file_outcome> outcomes(files.size());
    host::call_scope call;
    validate_progress bar(files.size());
    const std::vector<std::size_t> order = largest_first(files);
    auto task = [&](uint64_t task_index) -> evo_status {
        if (task_index >= order.size()) return EVO_ERR_INVALID_ARGUMENT;
        const std::size_t i = order[task_index];
        try {
            return check_file(rt, call.raw(), files[i], use_cache, keep_text, outcomes[i]);
        } catch (const std::exception& e) {
            outcomes[i].reason = e.what();
        } catch (...) {
            outcomes[i].reason = "an unknown exception";
        }
        outcomes[i].end = file_outcome::state::errored;
        return EVO_ERR_INTERNAL;
    };
    auto done = [&](uint64_t task_index, evo_status status) {
        if (task_index >= order.size()) return;
        on_reported(outcomes[order[task_index]], status);
        bar.tick();
    };
    host::runtime::remote_form remote;
    remote.describe = [&](uint64_t task_index) -> std::optional<std::string> {
        if (task_index >= order.size()) throw std::out_of_range("no such task");
        const std::size_t i = order[task_index];
        auto text = read_source(files[i], outcomes[i]);
        if (!text) return std::nullopt; // decided here: nothing for a worker to judge
        if (keep_text) outcomes[i].text = *text;
        return validate_task(rt, files[i].path.string(), files[i].language, *text, use_cache);
    };
    remote.accept = [&](uint64_t task_index, std::string_view result) {
        if (task_index >= order.size()) return EVO_ERR_INVALID_ARGUMENT;
        const std::size_t i = order[task_index];
        auto judged = host::judgement_from_text(result, files[i].path.string());
        if (!judged) return EVO_ERR_PROTOCOL;
        take(std::move(*judged), outcomes[i]);
        if (keep_text) {
            keep_finding_code(outcomes[i].text, outcomes[i].findings, outcomes[i].code);
            std::string().swap(outcomes[i].text);
        }
        return EVO_OK;
    };
    rt.schedule(call.raw(), files.size(), jobs, task, done, &remote);
    if (host::process_cancellation().cancelled()) throw host::runtime_error("interrupted");
    for (auto& out : outcomes)
        require_reported(out);
    return outcomes;
}

validate_report gather(const host::discovery& found, std::vector<file_outcome>& outcomes,
                       finding_code& report_code) {
    validate_report report;
    for (const auto& s : found.skipped)
        report.skipped.push_back({s.path.string(), s.reason, s.routine});
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        auto& out = outcomes[i];
        report_code.merge(out.code);
        const std::string file = found.files[i].path.string();
        if (out.end == file_outcome::state::skipped) report.skipped.push_back({file, out.reason});
        if (out.end == file_outcome::state::errored) report.errors.push_back({file, out.reason});
        if (out.end != file_outcome::state::checked) continue;
        ++report.files;
        report.cached += out.cached;
        report.lines += out.lines;
        std::move(out.findings.begin(), out.findings.end(), std::back_inserter(report.findings));
    }
    return report;
}

// --exclude-tests: findings in test code are counted, not reported, and fail nothing. The
// files are still checked: a file that could not be judged is still an error.
void leave_out_test_code(validate_report& report) {
    report.exclude_tests = true;
    auto in_tests = std::remove_if(report.findings.begin(), report.findings.end(),
                                   [](const auto& f) { return is_test_code(f.file); });
    report.excluded_in_tests = static_cast<std::size_t>(report.findings.end() - in_tests);
    report.findings.erase(in_tests, report.findings.end());
}

int run_validate(const context& ctx, const validate_options& opt) {
    auto rt = ctx.load_runtime();
    if (rt->config().pipeline.validators.empty())
        throw host::config_error(rt->config().file.string() + ": [pipeline] names no validators");
    int threshold =
        opt.fail_on.empty() ? rt->config().pipeline.fail_on : *host::parse_severity(opt.fail_on);
    const host::rule_selection selection = run_rule_selection(*rt, opt.rules);
    // Read first: a bad baseline is a usage error before any work.
    auto saved = opt.baseline.read.empty() ? std::vector<baseline_key>{}
                                           : read_baseline(opt.baseline.read);
    auto started = std::chrono::steady_clock::now();
    host::discovery found = discover_input(opt.paths, opt.excludes, opt.input, rt->languages());
    auto outcomes = validate_files(*rt, found.files, opt.jobs, opt.use_cache, opt.baseline.any());
    finding_code code;
    validate_report report = gather(found, outcomes, code);
    host::keep_selected(selection, report.findings); // after the cache: verdicts stay whole
    if (opt.exclude_tests) leave_out_test_code(report);
    if (opt.baseline.any()) apply_baseline(opt.baseline, saved, report, code);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    print_report(opt.format, report);
    // A provider refused by the network policy is a configuration to fix, not a failed run.
    if (std::any_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.policy_refused; }))
        return static_cast<int>(host::exit_code::usage);
    if (!report.errors.empty()) return static_cast<int>(host::exit_code::runtime);
    if (!opt.baseline.write.empty()) return 0; // a baseline was saved: its findings fail nothing
    bool failed = std::any_of(report.findings.begin(), report.findings.end(),
                              [&](const auto& f) { return f.severity >= threshold; });
    return failed ? static_cast<int>(host::exit_code::validation_failed) : 0;
}

} // namespace

void add_validate_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto opt = std::make_shared<validate_options>();
    auto* cmd =
        app.add_subcommand("validate", "run the manifest's validators over files and directories");
    cmd->add_option("PATH", opt->paths, "files or directories (recursive); - reads standard input")
        ->required();
    add_input_options(*cmd, opt->input);
    cmd->add_option("--exclude", opt->excludes, "skip paths matching this glob (repeatable)");
    cmd->add_option("--format", opt->format, "output format")
        ->check(CLI::IsMember({"text", "json", "sarif"}))
        ->capture_default_str();
    cmd->add_flag_callback("--json", [opt] { opt->format = "json"; }, "same as --format json");
    cmd->add_option("--fail-on", opt->fail_on,
                    "exit 1 when a finding reaches this severity (default: manifest)")
        ->check(CLI::IsMember({"info", "low", "medium", "high"}));
    cmd->add_option("-j,--jobs", opt->jobs,
                    "files validated at once (default: the scheduler decides)");
    cmd->add_flag("--no-cache", [opt](std::int64_t) { opt->use_cache = false; },
                  "check every file; neither read nor write the pipeline's cache");
    cmd->add_flag("--exclude-tests", opt->exclude_tests,
                  "leave out findings in test code (tests/ or test/ directories, test_*, "
                  "*_test.*, conftest.py); the summary counts them");
    cmd->add_option("--baseline", opt->baseline.read,
                    "report only findings not in this baseline (see --write-baseline)");
    cmd->add_option("--write-baseline", opt->baseline.write,
                    "save this run's findings as a baseline; exits 0 unless a file errored");
    add_rule_selection_options(*cmd, opt->rules);
    cmd->callback([&ctx, exit, opt] { *exit = run_validate(ctx, *opt); });
}

} // namespace evo::cli
