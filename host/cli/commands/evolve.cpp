// evo evolve NAME DESCRIPTION: asks the provider for a command with a contract and tests for it
// (command_contract.hpp), runs the whole pipeline on both, and only when the code passed and a
// validator ran its tests registers it as NAME's next version, in one store transaction at the
// very end. Anything short of that changes nothing. The report goes to stderr; what was
// registered, one line on stdout.
#include "../builtin_commands.hpp"
#include "../command_permissions.hpp"
#include "../context.hpp"
#include "../evolved_commands.hpp"
#include "../live_text.hpp"
#include "../report.hpp"
#include "../stderr_line.hpp"

#include <evo/host/attempt_log.hpp>
#include <evo/host/call.hpp>
#include <evo/host/command_contract.hpp>
#include <evo/host/command_store.hpp>
#include <evo/host/error.hpp>
#include <evo/host/pipeline.hpp>
#include <evo/host/sha256.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <iostream>

namespace evo::cli {
namespace {

namespace json = boost::json;

struct evolve_options {
    std::string name;
    std::string description;
    std::string language;
    bool no_cache = false;
    std::string live = "auto";
    bool no_log = false;
    bool as_json = false;
};

void check_name(const std::string& name) {
    if (!is_command_name(name))
        throw host::config_error(
            "'" + name + "' cannot name a command: use lowercase letters, digits and '-' (" +
            "not first), at most " + std::to_string(max_command_name) + " characters");
    if (is_builtin_command(name))
        throw host::config_error("'" + name +
                                 "' is a built-in command of evo; choose another name");
}

void require_test_runner(const host::runtime& rt) {
    const auto& p = rt.config().pipeline;
    if (p.providers.empty())
        throw host::config_error(p.where, "[pipeline] names no provider; evo evolve needs one");
    if (std::none_of(p.validators.begin(), p.validators.end(),
                     [&](const auto& id) { return rt.runs_tests(id); }))
        throw host::config_error(
            p.where, "[pipeline] validators needs a validator that runs tests, e.g. \"sandbox\"");
}

// A finding at or above fail_on from a validator that runs tests, in the last attempt.
const host::finding_record* failed_test(const host::generation_result& r, const host::runtime& rt) {
    const auto& p = rt.config().pipeline;
    for (const auto& f : r.findings)
        if (host::fails(f, p.fail_on) &&
            std::find(p.validators.begin(), p.validators.end(), f.layer) != p.validators.end() &&
            rt.runs_tests(f.layer))
            return &f;
    return nullptr;
}

json::object report_json(const host::generation_result& r, const host::runtime& rt) {
    json::array attempts;
    for (const auto& a : r.attempts)
        attempts.push_back(attempt_json(a, true));
    json::array validators;
    for (const auto& id : rt.config().pipeline.validators)
        validators.push_back(json::string(id));
    return {{"outcome", "passed"},
            {"cache_hit", r.cache_hit},
            {"tests_run", r.tests_run},
            {"validators", validators},
            {"attempts", attempts}};
}

int run_evolve(const context& ctx, const evolve_options& opt) {
    check_name(opt.name);
    std::string manifest_text;
    auto rt = ctx.load_runtime(&manifest_text);
    require_test_runner(*rt);

    host::generation_request req{opt.description, opt.language, !opt.no_cache,
                                 host::command_contract{opt.name}};
    const json::object request =
        host::build_request(*rt, req); // a language without a contract: config_error
    host::call_scope call;
    live_text live(resolve_live_mode(opt.live, ctx.log_format == "json"));
    live.watch(req);
    host::open_attempt_log_early(opt.no_log); // while the provider answers
    auto result = host::generate(*rt, req, call.raw());
    host::log_attempts(*rt, "evolve", req, result, opt.no_log);
    if (host::process_cancellation().cancelled())
        throw host::runtime_error("interrupted"); // exits 130/143
    print_generation_report(result, rt->config());
    // --json: one object on stdout however it ended; the report and errors stay on stderr.
    const auto done = [&](int code, int version) {
        if (opt.as_json)
            std::cout << json::serialize(json::object{{"name", opt.name},
                                                      {"registered", code == 0},
                                                      {"version", version},
                                                      {"generation", generation_json(result)}})
                      << '\n';
        return code;
    };
    switch (result.outcome) {
    case host::generation_outcome::passed:
        break;
    case host::generation_outcome::rejected:
    case host::generation_outcome::unvalidated:
        stderr_error(opt.name + ": not registered; nothing changed", {{"command", opt.name}});
        return done(static_cast<int>(host::exit_code::validation_failed), 0);
    case host::generation_outcome::provider_failed:
        return done(static_cast<int>(host::exit_code::runtime), 0);
    }
    if (result.unvalidated || !result.tests_run) {
        stderr_error(opt.name + ": no validator ran its tests, so it is not registered; nothing changed",
                     {{"command", opt.name}});
        return done(static_cast<int>(host::exit_code::validation_failed), 0);
    }
    if (const auto* failed = failed_test(result, *rt)) {
        // A command is registered because its tests passed: a layer's `warn` policy lets gen
        // keep such code, never evolve.
        stderr_error(opt.name + ": its tests failed ([plugins." + failed->layer + "] " + failed->rule_id +
                         "), so it is not registered; nothing changed",
                     {{"command", opt.name}});
        return done(static_cast<int>(host::exit_code::validation_failed), 0);
    }

    const host::command_language& lang = *rt->command_language(result.language);
    host::command_version v;
    v.name = opt.name;
    v.language = result.language;
    v.description = opt.description;
    v.code = result.code;
    v.tests = result.tests;
    v.sha256 = host::sha256_hex(result.code);
    v.runner = lang.runner; // evo NAME runs it as these say, without loading any plugin
    v.file = lang.file;
    v.request = json::serialize(request);
    if (!result.attempts.empty()) {
        v.provider = result.attempts.back().completion.provider;
        v.model = result.attempts.back().completion.model;
    }
    if (v.model.empty()) v.model = rt->config().request.model;
    v.manifest_sha256 = host::sha256_hex(manifest_text);
    v.report = json::serialize(report_json(result, *rt));
    v.permissions = permissions_json(command_permissions{});
    // The only write: one transaction. A crash before it leaves the store as it was.
    const int version = host::command_store(host::command_store::default_path()).add_version(v);
    const auto attempts = result.cache_hit ? std::string("from the cache")
                                           : std::to_string(result.attempts.size()) + " attempt" +
                                                 (result.attempts.size() == 1 ? "" : "s");
    if (!opt.as_json)
        std::cout << opt.name << ": version " << version << " (" << v.language << "), " << attempts
                  << ", its tests passed in the sandbox\n";
    return done(0, version);
}

} // namespace

void add_evolve_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto opt = std::make_shared<evolve_options>();
    auto* cmd = app.add_subcommand(
        "evolve", "grow a new command (or a new version of one): generated with its tests, "
                  "validated and tested in the sandbox, then registered");
    cmd->add_option("NAME", opt->name, "the command's name: [a-z0-9][a-z0-9-]*")->required();
    cmd->add_option("DESCRIPTION", opt->description, "what the command should do")->required();
    cmd->add_option("--lang", opt->language,
                    "a language a validator that runs tests declares a command contract for "
                    "(default: the manifest's [request] language)");
    cmd->add_flag("--no-cache", opt->no_cache, "neither read nor write the cache");
    add_live_option(*cmd, opt->live);
    cmd->add_flag("--no-log", opt->no_log, "keep no record in the attempt log (also: EVO_LOG=off)");
    cmd->add_flag("--json", opt->as_json, "print the outcome (name, registered, version, the generation) as JSON");
    cmd->callback([&ctx, exit, opt] { *exit = run_evolve(ctx, *opt); });
}

} // namespace evo::cli
