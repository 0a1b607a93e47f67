#include <evo/host/validation_cache.hpp>

#include <evo/host/sha256.hpp>

#include <boost/json.hpp>

namespace evo::host {
namespace {

namespace json = boost::json;

on_fail_policy policy_of(const runtime& rt, const std::string& id) {
    const instance_config* inst = rt.config().find(id);
    return inst && inst->on_fail ? *inst->on_fail : rt.config().pipeline.on_fail;
}

json::object finding_without_file(const finding_record& f) {
    return {{"layer", f.layer},           {"rule_id", f.rule_id},   {"severity", f.severity},
            {"confidence", f.confidence}, {"line", f.line},         {"column", f.column},
            {"message", f.message},       {"fix_hint", f.fix_hint}, {"external_id", f.external_id}};
}

std::string text_of(const json::object& o, const char* name) {
    return std::string(o.at(name).as_string());
}

finding_record finding_at(const json::object& o, const std::string& file) {
    finding_record f;
    f.layer = text_of(o, "layer");
    f.rule_id = text_of(o, "rule_id");
    f.severity = o.at("severity").to_number<int>();
    f.confidence = o.at("confidence").to_number<int>();
    f.file = file;
    f.line = o.at("line").to_number<unsigned>();
    f.column = o.at("column").to_number<unsigned>();
    f.message = text_of(o, "message");
    f.fix_hint = text_of(o, "fix_hint");
    f.external_id = text_of(o, "external_id");
    return f;
}

// Everything of the key but the content: one part a line, each length-prefixed or JSON, so
// no two different sets of parts give the same text.
std::string validator_set_material(const runtime& rt, std::string_view language) {
    std::string material = "\nlanguage " + json::serialize(json::string(language));
    for (const auto& id : rt.config().pipeline.validators)
        if (rt.judges(id, language))
            material +=
                "\nvalidator " + rt.fingerprint(id) + " on_fail=" + to_string(policy_of(rt, id));
    material += "\nfail_on=" + std::to_string(rt.config().pipeline.fail_on);
    return material;
}

} // namespace

std::string validation_cache_key(const runtime& rt, std::string_view text,
                                 std::string_view language) {
    std::string material = "evo-validate-v1\ncontent " + std::to_string(text.size()) + " ";
    material += text;
    material += validator_set_material(rt, language);
    return "evo-validate-v1:" + sha256_hex(material);
}

std::string validator_set_fingerprint(const runtime& rt, std::string_view language) {
    return sha256_hex("evo-validators-v1" + validator_set_material(rt, language));
}

std::string encode_verdicts(const std::vector<cached_verdict>& verdicts) {
    json::array all;
    for (const auto& v : verdicts) {
        json::array findings;
        for (const auto& f : v.findings)
            findings.push_back(finding_without_file(f));
        all.push_back(json::object{{"validator", v.validator},
                                   {"verdict", v.judged ? "judged" : "not_applicable"},
                                   {"findings", std::move(findings)}});
    }
    return json::serialize(json::object{{"verdicts", std::move(all)}});
}

std::optional<std::vector<cached_verdict>> decode_verdicts(std::string_view value,
                                                           const std::string& file) {
    try {
        std::vector<cached_verdict> out;
        const json::value entry_json = json::parse(value); // outlives the loop over its parts
        for (const auto& entry : entry_json.at("verdicts").as_array()) {
            const auto& o = entry.as_object();
            cached_verdict v;
            v.validator = text_of(o, "validator");
            const std::string verdict = text_of(o, "verdict");
            if (verdict != "judged" && verdict != "not_applicable") return std::nullopt;
            v.judged = verdict == "judged";
            for (const auto& f : o.at("findings").as_array())
                v.findings.push_back(finding_at(f.as_object(), file));
            out.push_back(std::move(v));
        }
        return out;
    } catch (const std::exception&) { // malformed JSON, a missing field, a wrong type
        return std::nullopt;
    }
}

} // namespace evo::host
