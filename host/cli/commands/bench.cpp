// evo bench [--suite seed|pipeline|all] [--runs N] [--json] [--save FILE] [--compare FILE]
// and the hidden `evo bench --run-workload NAME` that runs one C++ seed workload in a fresh
// process, as the Python side does.
#include "../bench_pipeline.hpp"
#include "../context.hpp"
#include "../output_style.hpp"
#include "../stderr_line_stream.hpp"

#include <evo/bench/bench.hpp>

#include <unistd.h>

#include <iostream>
#include <optional>

namespace evo::cli {

void add_bench_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto opt = std::make_shared<bench::bench_options>();
    auto workload = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("bench", "measure evo against Python (seed) and evo's own pipeline figures");
    cmd->add_option("--suite", opt->suite, "which suite")
        ->check(CLI::IsMember({"seed", "pipeline", "all"}))
        ->capture_default_str();
    cmd->add_option("--runs", opt->runs, "measured runs per side, after a warm-up")->capture_default_str();
    cmd->add_flag("--json", opt->json, "print JSON instead of the table");
    cmd->add_option("--save", opt->save_path, "keep the result (JSON) in FILE");
    cmd->add_option("--compare", opt->compare_path, "print the change against a saved result");
    cmd->add_option(std::string(bench::workload_subcommand[1]), *workload)->group(""); // internal
    cmd->callback([&ctx, exit, opt, workload] {
        // Its problems, one a line: as text, or under --log-format json as JSON objects.
        std::optional<stderr_line_stream> json_err;
        if (json_lines()) json_err.emplace(line_level::error, "evo: error: ");
        std::ostream& err = json_err ? static_cast<std::ostream&>(*json_err) : std::cerr;
        if (!workload->empty()) {
            *exit = bench::run_workload(*workload, std::cout, err);
            return;
        }
        opt->data_dir = ctx.install.data_dir;
        opt->plugin_dir = ctx.install.plugin_dir;
        opt->self_exe = "/proc/self/exe";
        opt->self_exe = std::filesystem::read_symlink(opt->self_exe);
        opt->progress = isatty(STDERR_FILENO) && !json_lines() && !quiet(); // redrawn in place: text only
        opt->pipeline = pipeline_suite(ctx);
        *exit = bench::run_bench(*opt, std::cout, err);
    });
}

} // namespace evo::cli
