// evo batch FILE.jsonl: many `evo gen` requests, one JSON object a line, run through the
// manifest's scheduler; one result line per request on stdout, in input order. Every line is
// read and checked before any request is sent, so a bad line costs nothing. Exit code: the
// worst outcome (0 all passed, 1 some rejected or unvalidated, 3 some provider failed).
//
// Concurrency: host::generate keeps its state per call, and the runtime serialises the calls
// into any plugin that did not declare EVO_FLAG_THREAD_SAFE (plugin_instance::call), as it
// does for validate's concurrent validators; so the scheduler's threads may generate at once.
#include "../context.hpp"
#include "../remote_tasks.hpp"
#include "../report.hpp"
#include "../validate_progress.hpp"

#include <evo/host/attempt_log.hpp>
#include <evo/host/call.hpp>
#include <evo/host/error.hpp>
#include <evo/host/pipeline.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <vector>

namespace evo::cli {
namespace {

namespace json = boost::json;

struct batch_options {
    std::string file;  // "-": stdin
    unsigned jobs = 0; // 0: the scheduler decides
    bool no_log = false;
};

struct batch_request {
    std::size_t line = 0;
    std::optional<json::value> id;
    host::generation_request request;
};

bool blank(const std::string& line) {
    return std::all_of(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c); });
}

// One input line as a request, or a config_error (exit 2) naming FILE:LINE and what is wrong.
batch_request parse_request(const std::string& where, std::size_t line_number,
                            const std::string& line) {
    auto bad = [&](const std::string& what) {
        return host::config_error(where + ":" + std::to_string(line_number) + ": " + what);
    };
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (ec) throw bad("not JSON (" + ec.message() + ")");
    if (!v.is_object()) throw bad("not a JSON object");
    batch_request r;
    r.line = line_number;
    try {
        r.request = generation_request_from(v.as_object(), &r.id);
    } catch (const std::invalid_argument& e) {
        throw bad(e.what());
    }
    if (blank(r.request.prompt)) throw bad("\"prompt\" is empty");
    return r;
}

std::vector<batch_request> read_requests(const std::string& file) {
    std::ifstream opened;
    std::istream* in = &std::cin;
    const std::string where = file == "-" ? "<stdin>" : file;
    if (file != "-") {
        opened.open(file);
        if (!opened) throw host::config_error(file + ": cannot open");
        in = &opened;
    }
    std::vector<batch_request> requests;
    std::string line;
    for (std::size_t number = 1; std::getline(*in, line); ++number)
        if (!blank(line)) requests.push_back(parse_request(where, number, line));
    if (in->bad()) throw host::config_error(where + ": cannot read");
    return requests;
}

json::object failed(std::string why) {
    host::generation_result r;
    r.outcome = host::generation_outcome::provider_failed;
    r.error = std::move(why);
    return generation_json(r);
}

// What the scheduler hears of a request: when every provider failed, the status of the last
// one (EVO_ERR_RATE_LIMITED after its 429s and retries), so that a scheduler can adapt to it
// (threadpool runs fewer requests at once); an answer, passed or rejected, is the task done.
evo_status task_status(const host::generation_result& r) {
    if (r.outcome != host::generation_outcome::provider_failed || r.attempts.empty())
        return EVO_OK;
    const host::completion_result& last = r.attempts.back().completion;
    if (last.status != EVO_OK) return last.status;
    return EVO_ERR_PROTOCOL; // the answer was truncated
}

// A worker's result for a gen task: the object `evo gen --json` prints, or the error result
// of a task it could not run (docs/distributed.md), which fails the request.
std::optional<json::object> generation_from_result(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    json::object& o = v.as_object();
    const json::string* outcome = o.contains("outcome") ? o.at("outcome").if_string() : nullptr;
    if (!outcome) return std::nullopt;
    if (generation_outcome_named(*outcome)) return std::move(o);
    const json::string* reason = o.contains("reason") ? o.at("reason").if_string() : nullptr;
    if (!reason) return std::nullopt;
    return failed("the worker could not run it: " + std::string(*reason));
}

// Each request's result as `evo gen --json` prints it, run here or by a worker.
std::vector<json::object> run_requests(host::runtime& rt,
                                       const std::vector<batch_request>& requests, unsigned jobs,
                                       bool no_log) {
    // Empty until its task ends: a request nobody ran is never taken as done.
    std::vector<std::optional<json::object>> results(requests.size());
    host::call_scope call;
    validate_progress bar(requests.size(), "generating", "requests");
    auto task = [&](uint64_t i) -> evo_status {
        if (i >= requests.size()) return EVO_ERR_INVALID_ARGUMENT;
        const host::generation_result r = generate_or_failure(rt, call.raw(), requests[i].request);
        host::log_attempts(rt, "batch", requests[i].request, r, no_log);
        results[i] = generation_json(r);
        return task_status(r);
    };
    auto done = [&](uint64_t i, evo_status status) {
        if (i >= requests.size()) return;
        if (status != EVO_OK && status != EVO_ERR_CANCELLED && !results[i])
            results[i] = failed("its task failed (" + host::status_name(status) + ")");
        bar.tick();
    };
    host::runtime::remote_form remote;
    remote.describe = [&](uint64_t i) -> std::optional<std::string> {
        if (i >= requests.size()) throw std::out_of_range("no such task");
        return gen_task(requests[i].request);
    };
    remote.accept = [&](uint64_t i, std::string_view text) {
        if (i >= requests.size()) return EVO_ERR_INVALID_ARGUMENT;
        auto result = generation_from_result(text);
        if (!result) return EVO_ERR_PROTOCOL;
        results[i] = std::move(*result);
        return EVO_OK;
    };
    rt.schedule(call.raw(), requests.size(), jobs, task, done, &remote);
    if (host::process_cancellation().cancelled())
        throw host::runtime_error("interrupted"); // 130/143
    std::vector<json::object> out;
    out.reserve(results.size());
    for (auto& r : results)
        out.push_back(r ? std::move(*r) : failed("the scheduler never ran its task"));
    return out;
}

int exit_code_of(const json::object& result) {
    auto outcome = generation_outcome_named(result.at("outcome").as_string());
    return generation_exit_code(outcome ? *outcome : host::generation_outcome::provider_failed);
}

int run_batch(const context& ctx, const batch_options& opt) {
    std::vector<batch_request> requests = read_requests(opt.file);
    auto rt = ctx.load_runtime();
    if (rt->config().pipeline.providers.empty())
        throw host::config_error(rt->config().file.string() +
                                 ": [pipeline] names no provider; evo batch needs one");
    std::vector<json::object> results = run_requests(*rt, requests, opt.jobs, opt.no_log);
    int worst = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        json::object& line = results[i];
        line["line"] = requests[i].line;
        if (requests[i].id) line["id"] = *requests[i].id;
        std::cout << json::serialize(line) << '\n';
        worst = std::max(worst, exit_code_of(line));
    }
    std::cout << std::flush;
    return worst;
}

} // namespace

void add_batch_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto opt = std::make_shared<batch_options>();
    auto* cmd = app.add_subcommand("batch", "run many gen requests (one JSON object a line) "
                                            "through the scheduler; one JSON result a line");
    cmd->add_option(
           "FILE", opt->file,
           "JSON Lines: {\"prompt\": ..., \"language\", \"no_cache\", \"id\"}; - for stdin")
        ->required();
    cmd->add_option("-j,--jobs", opt->jobs,
                    "requests run at once (default: the scheduler decides)");
    cmd->add_flag("--no-log", opt->no_log, "keep no record in the attempt log (also: EVO_LOG=off)");
    cmd->callback([&ctx, exit, opt] { *exit = run_batch(ctx, *opt); });
}

} // namespace evo::cli
