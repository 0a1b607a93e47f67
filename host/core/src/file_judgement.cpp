#include <evo/host/file_judgement.hpp>

#include <evo/host/error.hpp>
#include <evo/host/validator_runs.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <iterator>

namespace evo::host {
namespace {

namespace json = boost::json;

// The verdicts of a cache entry, unless it is not one we could have stored.
std::optional<std::vector<cached_verdict>> from_cache(runtime& rt, const std::string& key,
                                                      const std::string& path) {
    auto value = rt.cache_get(key);
    if (!value) return std::nullopt;
    auto verdicts = decode_verdicts(*value, path);
    // Never stored without a judged verdict: an entry that has none is checked again.
    if (!verdicts ||
        std::none_of(verdicts->begin(), verdicts->end(), [](const auto& v) { return v.judged; }))
        return std::nullopt; // checked again, and overwritten
    return verdicts;
}

const char* state_name(file_judgement::state s) {
    switch (s) {
    case file_judgement::state::checked:
        return "checked";
    case file_judgement::state::skipped:
        return "skipped";
    case file_judgement::state::errored:
        break;
    }
    return "errored";
}

} // namespace

std::vector<finding_record> file_judgement::findings() && {
    std::vector<finding_record> all;
    for (auto& v : verdicts)
        std::move(v.findings.begin(), v.findings.end(), std::back_inserter(all));
    return all;
}

file_judgement judge_text(runtime& rt, const evo_call* call, std::string_view text,
                          std::string_view language, const std::string& path, bool use_cache) {
    file_judgement out;
    const bool cache = use_cache && !rt.config().pipeline.cache.empty();
    const std::string key = cache ? validation_cache_key(rt, text, language) : std::string();
    if (cache) {
        if (auto verdicts = from_cache(rt, key, path)) {
            out.verdicts = std::move(*verdicts);
            out.cached = true;
            return out;
        }
    }
    bool judged = false;
    std::string why_not; // what the validators that declined said, for the skip notice
    for (auto& run : run_validators(rt, call, text, language, path, {}, after_failure::stop)) {
        const validator_verdict& v = run.verdict;
        if (v.outcome == validator_verdict::result::failed) {
            out.end = file_judgement::state::errored;
            out.reason =
                "validator '" + run.id + "' failed (" + status_name(v.status) + "): " + v.error;
            out.policy_refused = v.status == EVO_ERR_FORBIDDEN;
            return out; // an error is never cached
        }
        judged |= v.outcome == validator_verdict::result::judged;
        if (v.outcome == validator_verdict::result::not_applicable && !v.error.empty())
            why_not += "; " + run.id + ": " + v.error;
        out.verdicts.push_back(
            {run.id, v.outcome == validator_verdict::result::judged, std::move(run.findings)});
    }
    if (!judged) {
        out.end = file_judgement::state::skipped;
        // The validators that declined say why; without them, none declares the language.
        out.reason = why_not.empty()
                         ? "no validator of the pipeline judges " + std::string(language)
                         : "not judged: " + why_not.substr(2);
        return out; // a skip is never cached
    }
    if (cache) rt.cache_put(key, encode_verdicts(out.verdicts));
    return out;
}

std::string judgement_text(const file_judgement& j) {
    // The verdicts as the cache stores them, with how the file ended beside them.
    json::object o = json::parse(encode_verdicts(j.verdicts)).as_object();
    o["outcome"] = state_name(j.end);
    o["cached"] = j.cached;
    o["reason"] = j.reason;
    o["policy_refused"] = j.policy_refused;
    return json::serialize(o);
}

std::optional<file_judgement> judgement_from_text(std::string_view text, const std::string& path) {
    auto verdicts = decode_verdicts(text, path);
    if (!verdicts) return std::nullopt;
    try {
        const json::object o = json::parse(text).as_object();
        file_judgement j;
        const json::string& outcome = o.at("outcome").as_string();
        if (outcome == "checked")
            j.end = file_judgement::state::checked;
        else if (outcome == "skipped")
            j.end = file_judgement::state::skipped;
        else if (outcome == "errored")
            j.end = file_judgement::state::errored;
        else
            return std::nullopt;
        j.verdicts = std::move(*verdicts);
        j.cached = o.at("cached").as_bool();
        j.reason = std::string(o.at("reason").as_string());
        j.policy_refused = o.at("policy_refused").as_bool();
        return j;
    } catch (const std::exception&) { // not an object, a missing field, a wrong type
        return std::nullopt;
    }
}

} // namespace evo::host
