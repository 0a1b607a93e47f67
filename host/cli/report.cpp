#include "report.hpp"

#include <evo/host/manifest.hpp>

namespace evo::cli {

std::string format_finding(const host::finding_record& f) {
    std::string where = f.file.empty() ? "<generated>" : f.file;
    if (f.line) where += ":" + std::to_string(f.line) + (f.column ? ":" + std::to_string(f.column) : "");
    std::string rule = f.layer + " " + f.rule_id + (f.external_id.empty() ? "" : " (" + f.external_id + ")");
    std::string text = where + ": " + host::severity_name(f.severity) + " [" + rule + "] " + f.message;
    if (!f.fix_hint.empty()) text += " (hint: " + f.fix_hint + ")";
    return text;
}

boost::json::object finding_json(const host::finding_record& f) {
    return {{"layer", f.layer},
            {"rule_id", f.rule_id},
            {"external_id", f.external_id},
            {"severity", host::severity_name(f.severity)},
            {"confidence", host::severity_name(f.confidence)},
            {"file", f.file},
            {"line", f.line},
            {"column", f.column},
            {"message", f.message},
            {"fix_hint", f.fix_hint}};
}

boost::json::object notice_json(const file_notice& n) {
    return {{"file", n.file}, {"reason", n.reason}};
}

} // namespace evo::cli
