// evo worker [-j N]: serves tasks that evo validate and evo batch described in other
// processes, on this machine or others, through the manifest's scheduler (its serve, ABI 1.3):
// each runs through this process's own pipeline, as it would in the client (remote_tasks.hpp),
// until SIGINT or SIGTERM, which are its normal end. docs/distributed.md.
#include "../context.hpp"
#include "../remote_tasks.hpp"
#include "../stderr_line.hpp"
#include "../stop_signals.hpp"

#include <evo/host/call.hpp>
#include <evo/host/error.hpp>

#include <atomic>
#include <iostream>

namespace evo::cli {
namespace {

struct worker_options {
    unsigned jobs = 1;
};

int run_worker(const context& ctx, const worker_options& opt) {
    auto rt = ctx.load_runtime();
    const std::string& scheduler = rt->config().pipeline.scheduler;
    if (scheduler.empty())
        throw host::config_error(
            rt->config().file.string() +
            ": [pipeline] names no scheduler; evo worker needs one that serves tasks");
    if (rt->serving_scheduler().empty())
        throw host::config_error(
            "scheduler '" + scheduler +
            "' cannot serve tasks to workers (it runs them in the calling process)");
    if (opt.jobs == 0) throw host::config_error("--jobs must be at least 1");
    stderr_line(line_level::info,
                "worker serving tasks through scheduler '" + scheduler + "', " + std::to_string(opt.jobs) +
                    (opt.jobs == 1 ? " at a time" : " at once"),
                {{"scheduler", scheduler}, {"jobs", opt.jobs}});
    std::atomic<uint64_t> ran{0};
    // SIGINT/SIGTERM stop it taking tasks; the tasks in hand run to their end under a call of
    // their own, so their results are recorded rather than errors of a cancelled run. One
    // that outlasts the stop's grace (or a second request) ends the process at once, and the
    // scheduler hands its task to another worker.
    host::call_scope serving;
    const host::cancellation never;
    host::call_scope running(never);
    rt->serve(serving.raw(), opt.jobs, [&](std::string_view task) {
        std::string result = run_described(*rt, running.raw(), task);
        ran.fetch_add(1, std::memory_order_relaxed);
        return result;
    });
    const uint64_t n = ran.load();
    const char* tasks = n == 1 ? " task" : " tasks";
    if (stop_exit_code() != 0) { // told to stop: its normal end, exit 0
        accept_stop_request();
        stderr_line(line_level::info, "worker stopped: ran " + std::to_string(n) + tasks, {{"tasks", n}});
    } else {
        stderr_line(line_level::info, "worker ran " + std::to_string(n) + tasks, {{"tasks", n}});
    }
    return 0;
}

} // namespace

void add_worker_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto opt = std::make_shared<worker_options>();
    auto* cmd = app.add_subcommand(
        "worker", "run tasks other evo processes hand the manifest's scheduler, until stopped");
    cmd->add_option("-j,--jobs", opt->jobs, "tasks run at once")->capture_default_str();
    cmd->callback([&ctx, exit, opt] { *exit = run_worker(ctx, *opt); });
}

} // namespace evo::cli
