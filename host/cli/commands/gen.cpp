// evo gen REQUEST: provider -> code extraction -> validators (-> repair) -> cache.
// Code goes to stdout only when it passed (or, under allow_unvalidated, when no validator
// judges its language); the report goes to stderr.
#include "../context.hpp"
#include "../live_text.hpp"
#include "../report.hpp"

#include <evo/host/attempt_log.hpp>
#include <evo/host/call.hpp>
#include <evo/host/error.hpp>
#include <evo/host/pipeline.hpp>

#include <boost/json.hpp>

#include <iostream>

namespace evo::cli {
namespace {

namespace json = boost::json;

struct gen_options {
    std::string request;
    std::string language;
    bool as_json = false;
    bool no_cache = false;
    std::string live = "auto";
    bool no_log = false;
};

int run_gen(const context& ctx, const gen_options& opt) {
    // A cache hit calls the cache alone: the other plugins are created when generate() misses.
    auto rt = ctx.load_runtime(nullptr, host::instance_creation::on_first_use);
    if (rt->config().pipeline.providers.empty())
        throw host::config_error(rt->config().file.string() + ": [pipeline] names no provider; evo gen needs one");
    host::call_scope call;
    host::generation_request req{opt.request, opt.language, !opt.no_cache};
    live_text live(resolve_live_mode(opt.live, ctx.log_format == "json"));
    live.watch(req);
    host::open_attempt_log_early(opt.no_log); // while the provider answers
    auto result = host::generate(*rt, req, call.raw());
    host::log_attempts(*rt, "gen", req, result, opt.no_log);
    if (host::process_cancellation().cancelled())
        throw host::runtime_error("interrupted"); // exits 130/143
    if (opt.as_json) {
        std::cout << json::serialize(generation_json(result)) << '\n';
    } else {
        print_generation_report(result, rt->config());
        if (result.outcome == host::generation_outcome::passed) std::cout << result.code << std::flush;
    }
    return generation_exit_code(result.outcome);
}

} // namespace

void add_gen_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto opt = std::make_shared<gen_options>();
    auto* cmd = app.add_subcommand("gen", "generate code for a request, validated (and repaired) by the pipeline");
    cmd->add_option("REQUEST", opt->request, "what the code should do")->required();
    cmd->add_option("--lang", opt->language, "language (default: the manifest's [request] language)");
    cmd->add_flag("--json", opt->as_json, "print the result as JSON on stdout");
    cmd->add_flag("--no-cache", opt->no_cache, "neither read nor write the cache");
    add_live_option(*cmd, opt->live);
    cmd->add_flag("--no-log", opt->no_log, "keep no record in the attempt log (also: EVO_LOG=off)");
    cmd->callback([&ctx, exit, opt] { *exit = run_gen(ctx, *opt); });
}

} // namespace evo::cli
