#include "sarif.hpp"

#include "test_code.hpp"

#include <evo/host/manifest.hpp>

#include <boost/json.hpp>

#include <cctype>
#include <filesystem>
#include <map>

namespace evo::cli {
namespace {

namespace json = boost::json;

const char* level_of(int severity) {
    if (severity >= EVO_SEVERITY_HIGH) return "error";
    if (severity == EVO_SEVERITY_MEDIUM) return "warning";
    return "note";
}

// A relative reference for files under the working directory, a file: URI otherwise;
// characters outside RFC 3986's unreserved set and '/' are percent-encoded.
std::string artifact_uri(const std::string& file) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path p = fs::absolute(file, ec).lexically_normal();
    fs::path rel = p.lexically_relative(fs::current_path(ec));
    bool inside = !rel.empty() && *rel.begin() != "..";
    std::string raw = inside ? rel.generic_string() : p.generic_string();
    std::string out = inside ? "" : "file://";
    static constexpr char hex[] = "0123456789ABCDEF";
    for (unsigned char c : raw) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out += static_cast<char>(c);
        else out += '%', out += hex[c >> 4], out += hex[c & 15];
    }
    return out;
}

// A message as a sentence: capitalised, ending with a full stop.
std::string sentence(std::string text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
    if (text.empty()) return text;
    if (std::islower(static_cast<unsigned char>(text.front())))
        text.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(text.front())));
    if (text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';
    return text;
}

// One rule a layer and id: two layers may report the same id at different levels, and a viewer
// (GitHub code scanning) keys rules by id, so the id is "LAYER/RULE"; the bare id stays in the
// properties.
std::string rule_key(const host::finding_record& f) {
    return f.layer + "/" + f.rule_id;
}

json::object rule_of(const host::finding_record& f) {
    json::object properties{{"layer", f.layer}, {"rule_id", f.rule_id}};
    if (!f.external_id.empty()) properties["bandit"] = f.external_id;
    return {{"id", rule_key(f)},
            {"name", f.rule_id},
            {"shortDescription", {{"text", f.rule_id + ", as the " + f.layer + " layer reports it."}}},
            {"defaultConfiguration", {{"level", level_of(f.severity)}}},
            {"properties", properties}};
}

json::object result_of(const host::finding_record& f, std::size_t rule_index) {
    json::object physical{{"artifactLocation", {{"uri", artifact_uri(f.file)}}}};
    if (f.line) {
        json::object region{{"startLine", f.line}};
        if (f.column) region["startColumn"] = f.column;
        physical["region"] = region;
    }
    std::string text = sentence(f.message) + (f.fix_hint.empty() ? "" : " Fix: " + sentence(f.fix_hint));
    return {{"ruleId", rule_key(f)},
            {"ruleIndex", rule_index},
            {"level", level_of(f.severity)},
            {"message", {{"text", text}}},
            {"locations", json::array{json::object{{"physicalLocation", physical}}}},
            {"properties",
             {{"layer", f.layer},
              {"severity", host::severity_name(f.severity)},
              {"confidence", host::severity_name(f.confidence)},
              {"in_tests", is_test_code(f.file)}}}};
}

json::object notification_of(const file_notice& n, const char* level, const char* id) {
    json::object physical{{"artifactLocation", {{"uri", artifact_uri(n.file)}}}};
    return {{"level", level},
            {"descriptor", {{"id", id}}},
            {"message", {{"text", sentence(n.reason)}}},
            {"locations", json::array{json::object{{"physicalLocation", physical}}}}};
}

json::object invocation_of(const std::vector<file_notice>& skipped,
                           const std::vector<file_notice>& errors) {
    json::array notifications;
    for (const auto& n : errors)
        notifications.push_back(notification_of(n, "error", "EVO-FILE-ERRORED"));
    for (const auto& n : skipped)
        notifications.push_back(notification_of(n, "note", "EVO-FILE-SKIPPED"));
    return {{"executionSuccessful", errors.empty()}, {"toolExecutionNotifications", notifications}};
}

} // namespace

json::object sarif_log(const std::vector<host::finding_record>& findings,
                       const std::vector<file_notice>& skipped,
                       const std::vector<file_notice>& errors) {
    json::array rules, results;
    std::map<std::string, std::size_t> rule_index;
    for (const auto& f : findings) {
        auto [it, added] = rule_index.emplace(rule_key(f), rules.size());
        if (added) rules.push_back(rule_of(f));
        results.push_back(result_of(f, it->second));
    }
    json::object driver{{"name", "evo"},
                        {"version", EVO_VERSION},
                        {"semanticVersion", EVO_VERSION},
                        {"rules", rules}};
    return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
            {"version", "2.1.0"},
            {"runs",
             json::array{json::object{{"tool", {{"driver", driver}}},
                                      {"invocations", json::array{invocation_of(skipped, errors)}},
                                      {"results", results}}}}};
}

} // namespace evo::cli
