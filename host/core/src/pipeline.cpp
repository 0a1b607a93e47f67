#include <evo/host/pipeline.hpp>

#include <evo/host/code_extract.hpp>
#include <evo/host/command_contract.hpp>
#include <evo/host/error.hpp>
#include <evo/host/rule_selection.hpp>
#include <evo/host/sha256.hpp>
#include <evo/host/validator_runs.hpp>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <iterator>

namespace evo::host {
namespace {

namespace json = boost::json;

std::string system_prompt(const std::string& language) {
    return "You write " + language +
           " code. Answer with exactly one fenced code block containing the complete program or "
           "function asked for, including the imports it needs. Prefer the standard library. The code "
           "must be safe to run: no shell injection, no eval of input, no network access or file "
           "deletion unless asked for, no hard-coded secrets.";
}

// Findings' messages go to the model verbatim: a failed test's name and output tail are what
// it needs to fix the code.
std::string repair_prompt(const std::vector<finding_record>& failures, bool command) {
    std::string text = "The code failed validation:\n";
    for (const auto& f : failures) {
        text += "- [" + f.layer + " " + f.rule_id + "] line " + std::to_string(f.line);
        if (f.column) text += ", column " + std::to_string(f.column);
        text += ": " + f.message;
        if (!f.fix_hint.empty()) text += " (hint: " + f.fix_hint + ")";
        text += '\n';
    }
    if (command) return text + std::string(command_repair_request());
    return text + "Fix every problem and answer with the complete corrected code in one fenced block.";
}

// What a repeat is judged on: the same rules at the same places.
std::string fingerprint(const std::vector<finding_record>& failures) {
    std::string out;
    for (const auto& f : failures) out += f.layer + '/' + f.rule_id + '@' + std::to_string(f.line) + ';';
    return out;
}

on_fail_policy policy_of(const runtime& rt, const std::string& layer) {
    const instance_config* inst = rt.config().find(layer);
    return inst && inst->on_fail ? *inst->on_fail : rt.config().pipeline.on_fail;
}

bool cacheable(const manifest& m, const generation_request& req) {
    return req.use_cache && !m.pipeline.cache.empty() &&
           (m.request.temperature == 0.0 || m.pipeline.cache_nonzero_temperature);
}

// A provider the host's network policy refused (EVO_ERR_FORBIDDEN) is misconfigured, not
// down: trying the next provider would hide that behind a fallback, so it ends the run as a
// configuration error at the provider's table.
// A plugin that passes the status on with words of its own still gets the way out named.
[[noreturn]] void refused_by_policy(const runtime& rt, const std::string& id, std::string why) {
    if (why.find("EVO_ALLOW_REMOTE_HTTP") == std::string::npos)
        why += " (the host allows only loopback HTTP unless EVO_ALLOW_REMOTE_HTTP=1)";
    const instance_config* inst = rt.config().find(id);
    throw config_error(inst ? inst->where : source_location{}, "[plugins." + id + "] " + why);
}

// Asks the providers in order until one answers; returns its text.
std::optional<std::string> ask(runtime& rt, const generation_request& req, const json::object& request,
                               const evo_call* call, attempt& a, std::string& error) {
    const std::string body = json::serialize(request);
    for (const auto& id : rt.config().pipeline.providers) {
        std::string text;
        provider_call record;
        auto started = std::chrono::steady_clock::now();
        auto since_start = [&] {
            return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        };
        a.completion = rt.complete(id, call, body, [&](std::string_view chunk) {
            if (record.first_text_milliseconds < 0 && !chunk.empty()) record.first_text_milliseconds = since_start();
            text.append(chunk);
            if (req.on_text && !chunk.empty()) req.on_text(chunk);
            return true;
        });
        record.completion = a.completion;
        record.text = text;
        record.milliseconds = since_start();
        a.calls.push_back(std::move(record));
        if (req.on_call_end) req.on_call_end(a.calls.back());
        if (a.completion.status == EVO_OK && !a.completion.truncated) return text;
        if (a.completion.status == EVO_ERR_FORBIDDEN) refused_by_policy(rt, id, a.completion.error);
        error = "provider '" + id + "': " +
                (a.completion.truncated ? "answer was truncated (max_tokens reached)"
                                        : status_name(a.completion.status) + ": " + a.completion.error);
        if (a.completion.status == EVO_ERR_CANCELLED) break;
        // The caller reports each failed call (gen's report, batch's JSON); this is for -v.
        spdlog::info("{}", error);
    }
    return std::nullopt;
}

struct verdicts {
    std::vector<finding_record> findings;
    bool judged = false;    // some validator judged the code
    bool tests_run = false; // some validator that runs tests judged it with them
};

// The findings of every validator that judges `language`, given the code and its tests.
verdicts validate_all(runtime& rt, const std::string& code, const std::string& tests,
                      const std::string& language, const evo_call* call) {
    verdicts out;
    auto& findings = out.findings;
    for (auto& run : run_validators(rt, call, code, language, "", tests, after_failure::go_on)) {
        const std::string& id = run.id;
        const validator_verdict& v = run.verdict;
        if (v.status == EVO_ERR_FORBIDDEN) refused_by_policy(rt, id, v.error);
        keep_selected(rt.config().pipeline.selection, run.findings); // [pipeline] select/ignore
        std::move(run.findings.begin(), run.findings.end(), std::back_inserter(findings));
        if (v.outcome == validator_verdict::result::failed) // fail closed: a rejection
            findings.push_back({id, "EVO-VALIDATOR-FAILED", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, "", 0, 0,
                                "validator failed (" + status_name(v.status) + "): " + v.error, "", ""});
        out.judged |= v.outcome != validator_verdict::result::not_applicable;
        out.tests_run |= v.outcome == validator_verdict::result::judged && !tests.empty() && rt.runs_tests(id);
    }
    return out;
}

// A command's answer without its tests: a finding like any other, so repair asks again.
finding_record no_tests_finding(const command_language& lang) {
    return {"evolve", "EVO-NO-TESTS", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, "", 0, 0,
            "the answer has no tests: give " + std::string(lang.test_file) + " as a second fenced block after the program",
            "", ""};
}

// Which languages commands can be evolved in comes from the plugins: say what is missing.
std::string no_contract_message(const runtime& rt, const std::string& language) {
    std::string known;
    for (const auto& l : rt.languages().command_languages())
        known += (known.empty() ? "" : ", ") + l;
    return "[pipeline] validators: no validator that runs tests declares a command contract for '" +
           language + "', so commands cannot be evolved in it (" +
           (known.empty() ? std::string("none declares one for any language")
                          : "they can be in: " + known) +
           "); evo evolve needs a validator with EVO_FLAG_RUNS_TESTS whose language table gives " +
           language + "'s command_file, test_file, runner and test_instructions";
}

std::optional<generation_result> from_cache(runtime& rt, const std::string& key) {
    auto cached = rt.cache_get(key);
    if (!cached) return std::nullopt;
    try {
        json::object o = json::parse(*cached).as_object();
        generation_result r;
        r.outcome = generation_outcome::passed;
        r.cache_hit = true;
        r.code = std::string(o.at("code").as_string());
        r.language = std::string(o.at("language").as_string());
        if (const auto* tests = o.if_contains("tests")) r.tests = std::string(tests->as_string());
        if (const auto* run = o.if_contains("tests_run")) r.tests_run = run->as_bool();
        return r;
    } catch (const std::exception& e) {
        spdlog::warn("ignoring a malformed cache entry: {}", e.what());
        return std::nullopt;
    }
}

} // namespace

json::object build_request(const runtime& rt, const generation_request& req) {
    const manifest& m = rt.config();
    std::string language = rt.languages().canonical(req.language.empty() ? m.request.language : req.language);
    std::string system = system_prompt(language);
    if (req.command) {
        const command_language* lang = rt.command_language(language);
        if (!lang) throw config_error(m.pipeline.where, no_contract_message(rt, language));
        system = command_system_prompt(req.command->name, *lang);
    }
    json::object request{{"model", m.request.model},
                         {"messages",
                          json::array{json::object{{"role", "system"}, {"content", system}},
                                      json::object{{"role", "user"}, {"content", req.prompt}}}},
                         {"temperature", m.request.temperature},
                         {"max_tokens", m.request.max_tokens},
                         {"language", language}};
    if (req.command) request["contract"] = json::object{{"command", req.command->name}};
    return request;
}

std::string cache_key(const runtime& rt, const json::object& request) {
    // One line per part, each JSON: no two different sets of parts give the same text.
    std::string material = json::serialize(request);
    // Every provider instance, not only the pipeline's: a validator may consult any of them
    // (llm-review), and its verdict then depends on that provider's model and server.
    for (const plugin_instance* p : rt.instances())
        if (p->kind() == EVO_KIND_PROVIDER) material += "\nprovider " + rt.fingerprint(p->id());
    for (const auto& id : rt.config().pipeline.validators)
        material += "\nvalidator " + rt.fingerprint(id) + " on_fail=" + to_string(policy_of(rt, id));
    material += "\nfail_on=" + std::to_string(rt.config().pipeline.fail_on);
    // Only passed code is cached: what a selection let pass may not pass another.
    if (const rule_selection& s = rt.config().pipeline.selection; !s.empty()) {
        material += "\nselect=" + json::serialize(json::value_from(s.select));
        material += "\nignore=" + json::serialize(json::value_from(s.ignore));
    }
    return "evo-gen-v2:" + sha256_hex(material);
}

bool fails(const finding_record& f, int fail_on) { return f.severity >= fail_on; }

generation_result generate(runtime& rt, const generation_request& req, const evo_call* call) {
    const manifest& m = rt.config();
    json::object request = build_request(rt, req);
    const std::string language(request.at("language").as_string());
    const bool use_cache = cacheable(m, req);
    const std::string key = use_cache ? cache_key(rt, request) : std::string();
    if (use_cache)
        if (auto hit = from_cache(rt, key)) return *hit;
    // The work starts: a plugin that refuses to start is a config error now, before any of it
    // (a runtime that creates instances on first use created none but the cache).
    rt.create_instances();

    generation_result result;
    result.language = language;
    std::string previous;
    for (int n = 1; n <= m.pipeline.max_repairs + 1; ++n) {
        attempt a;
        a.number = n;
        auto started = std::chrono::steady_clock::now();
        auto since = [](std::chrono::steady_clock::time_point from) {
            return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - from).count();
        };
        auto answer = ask(rt, req, request, call, a, result.error);
        if (!answer) {
            result.outcome = generation_outcome::provider_failed;
            a.milliseconds = since(started);
            result.attempts.push_back(std::move(a));
            return result;
        }
        const auto validation_started = std::chrono::steady_clock::now();
        bool missing_tests = false;
        if (req.command) {
            auto parts = extract_program_and_tests(*answer, language, rt.languages());
            result.code = std::move(parts.code);
            missing_tests = !parts.tests;
            result.tests = parts.tests.value_or("");
        } else {
            result.code = extract_code(*answer, language, rt.languages());
        }
        verdicts checked = validate_all(rt, result.code, result.tests, language, call);
        const bool judged = checked.judged;
        result.tests_run = checked.tests_run;
        a.findings = std::move(checked.findings);
        if (missing_tests) a.findings.push_back(no_tests_finding(*rt.command_language(language)));
        a.validation_milliseconds = since(validation_started);
        a.milliseconds = since(started);
        result.findings = a.findings;
        result.attempts.push_back(a);
        if (!judged) { // fail closed: nothing checked it, so it has not passed; and never cached
            result.unvalidated = true;
            result.outcome = m.pipeline.allow_unvalidated ? generation_outcome::passed
                                                          : generation_outcome::unvalidated;
            return result;
        }

        std::vector<finding_record> to_repair;
        bool rejected = false;
        for (const auto& f : a.findings) {
            if (!fails(f, m.pipeline.fail_on)) continue;
            switch (policy_of(rt, f.layer)) {
            case on_fail_policy::warn: break;
            case on_fail_policy::reject: rejected = true; break;
            case on_fail_policy::repair: to_repair.push_back(f); break;
            }
        }
        if (!rejected && to_repair.empty()) {
            result.outcome = generation_outcome::passed;
            if (use_cache)
                rt.cache_put(key, json::serialize(json::object{{"code", result.code},
                                                               {"language", language},
                                                               {"tests", result.tests},
                                                               {"tests_run", result.tests_run}}));
            return result;
        }
        result.outcome = generation_outcome::rejected;
        std::string print = fingerprint(to_repair);
        if (rejected || print == previous) break; // repeating the same mistakes: stop early
        previous = print;
        auto& messages = request.at("messages").as_array();
        messages.push_back(json::object{{"role", "assistant"}, {"content", *answer}});
        messages.push_back(json::object{{"role", "user"}, {"content", repair_prompt(to_repair, req.command.has_value())}});
    }
    return result;
}

} // namespace evo::host
