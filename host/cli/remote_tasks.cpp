#include "remote_tasks.hpp"

#include "report.hpp"

#include <evo/host/validation_cache.hpp>

#include <boost/json.hpp>

#include <stdexcept>

namespace evo::cli {
namespace {

namespace json = boost::json;

// The result of a task the worker could not run: an errored file for validate, and for any
// other kind a result its client reads as a failure too.
std::string refused(std::string why) {
    host::file_judgement j;
    j.end = host::file_judgement::state::errored;
    j.reason = std::move(why);
    return host::judgement_text(j);
}

const json::value& field(const json::object& o, const char* name) {
    const json::value* v = o.if_contains(name);
    if (!v) throw std::invalid_argument(std::string("no \"") + name + "\"");
    return *v;
}

std::string text_field(const json::object& o, const char* name) {
    const json::value& v = field(o, name);
    if (!v.is_string())
        throw std::invalid_argument(std::string("\"") + name + "\" is not a string");
    return std::string(v.as_string());
}

bool bool_field(const json::object& o, const char* name) {
    const json::value& v = field(o, name);
    if (!v.is_bool())
        throw std::invalid_argument(std::string("\"") + name + "\" is not true or false");
    return v.as_bool();
}

std::string run_validate_task(host::runtime& rt, const evo_call* call, const json::object& task) {
    const std::string path = text_field(task, "path");
    const std::string language = text_field(task, "language");
    const std::string content = text_field(task, "content");
    const bool use_cache = bool_field(task, "use_cache");
    // Different validators could judge the same text differently: a run that must equal a
    // local one refuses rather than answer for validators the client does not have.
    if (text_field(task, "validators") != host::validator_set_fingerprint(rt, language))
        return refused("worker's validators differ from the client's for " + language +
                       ": run the same manifest and plugin versions on both");
    return host::judgement_text(host::judge_text(rt, call, content, language, path, use_cache));
}

} // namespace

std::string validate_task(const host::runtime& rt, const std::string& path,
                          const std::string& language, std::string_view content, bool use_cache) {
    return json::serialize(
        json::object{{"kind", "validate"},
                     {"path", path},
                     {"language", language},
                     {"content", json::string(content)},
                     {"use_cache", use_cache},
                     {"validators", host::validator_set_fingerprint(rt, language)}});
}

std::string gen_task(const host::generation_request& request) {
    return json::serialize(json::object{{"kind", "gen"},
                                        {"request",
                                         {{"prompt", request.prompt},
                                          {"language", request.language},
                                          {"no_cache", !request.use_cache}}}});
}

host::generation_request generation_request_from(const json::object& o,
                                                 std::optional<json::value>* id) {
    host::generation_request r;
    for (const auto& [key, value] : o) {
        if (key == "prompt") {
            if (!value.is_string()) throw std::invalid_argument("\"prompt\" is not a string");
            r.prompt = value.as_string();
        } else if (key == "language") {
            if (!value.is_string()) throw std::invalid_argument("\"language\" is not a string");
            r.language = value.as_string();
        } else if (key == "no_cache") {
            if (!value.is_bool()) throw std::invalid_argument("\"no_cache\" is not true or false");
            r.use_cache = !value.as_bool();
        } else if (key == "id" && id) {
            if (!value.is_string() && !value.is_number())
                throw std::invalid_argument("\"id\" is not a string or a number");
            *id = value;
        } else {
            throw std::invalid_argument("unknown key \"" + std::string(key) +
                                        "\" (expected prompt, language, no_cache" +
                                        (id ? ", id)" : ")"));
        }
    }
    if (!o.contains("prompt")) throw std::invalid_argument("no \"prompt\"");
    return r;
}

host::generation_result generate_or_failure(host::runtime& rt, const evo_call* call,
                                            const host::generation_request& request) {
    host::generation_result r;
    try {
        r = host::generate(rt, request, call);
    } catch (const std::exception& e) {
        r.error = e.what();
    } catch (...) {
        r.error = "an unknown exception";
    }
    return r; // provider_failed unless generate returned
}

json::object run_generation(host::runtime& rt, const evo_call* call,
                            const host::generation_request& request) {
    return generation_json(generate_or_failure(rt, call, request));
}

std::string run_described(host::runtime& rt, const evo_call* call, std::string_view text) {
    try {
        boost::system::error_code ec;
        json::value task = json::parse(text, ec);
        if (ec) return refused("the task is not JSON (" + ec.message() + ")");
        if (!task.is_object()) return refused("the task is not a JSON object");
        const json::object& o = task.as_object();
        const std::string kind = text_field(o, "kind");
        if (kind == "validate") return run_validate_task(rt, call, o);
        if (kind == "gen") {
            const json::value& request = field(o, "request");
            if (!request.is_object()) throw std::invalid_argument("\"request\" is not an object");
            return json::serialize(
                run_generation(rt, call, generation_request_from(request.as_object())));
        }
        return refused("unknown task kind \"" + kind + "\" (expected validate or gen)");
    } catch (const std::invalid_argument& e) {
        return refused(std::string("malformed task: ") + e.what());
    } catch (const std::exception& e) {
        return refused(e.what());
    } catch (...) {
        return refused("an unknown exception");
    }
}

} // namespace evo::cli
