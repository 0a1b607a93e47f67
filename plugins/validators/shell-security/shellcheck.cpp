#include "shellcheck.hpp"

#include <algorithm>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace evo::shell {
namespace {

evo_severity severity_of(std::string_view level) {
    if (level == "error") return EVO_SEVERITY_HIGH;
    if (level == "warning") return EVO_SEVERITY_MEDIUM;
    return EVO_SEVERITY_LOW;
}

uint32_t position_field(const boost::json::object& comment, std::string_view key) {
    const boost::json::value* v = comment.if_contains(key);
    if (!v || !v->is_int64() || v->as_int64() < 0)
        throw evo::error(EVO_ERR_PROTOCOL,
                         "shellcheck comment without a valid " + std::string(key));
    return static_cast<uint32_t>(v->as_int64());
}

evo::finding to_finding(const boost::json::value& item) {
    const boost::json::object* comment = item.if_object();
    if (!comment) throw evo::error(EVO_ERR_PROTOCOL, "shellcheck comment is not an object");
    const boost::json::value* code = comment->if_contains("code");
    const boost::json::value* level = comment->if_contains("level");
    const boost::json::value* message = comment->if_contains("message");
    if (!code || !code->is_int64() || !level || !level->is_string() || !message ||
        !message->is_string())
        throw evo::error(EVO_ERR_PROTOCOL, "shellcheck comment lacks code, level or message");
    const std::string id = "SC" + std::to_string(code->as_int64());
    evo::finding f;
    f.rule_id = id;
    f.external_id = id;
    f.severity = severity_of(level->as_string());
    f.confidence = EVO_SEVERITY_HIGH;
    f.line = position_field(*comment, "line");
    f.column = position_field(*comment, "column");
    f.message = std::string(message->as_string());
    f.fix_hint = "see https://www.shellcheck.net/wiki/" + id;
    return f;
}

bool is_executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

} // namespace

std::vector<std::string> shellcheck_arguments(const std::string& program, std::string_view script,
                                              std::string_view language) {
    std::vector<std::string> argv{program, "--format=json1"};
    if (!script.starts_with("#!")) argv.push_back(language == "sh" ? "--shell=sh" : "--shell=bash");
    argv.push_back("-");
    return argv;
}

uint32_t shellcheck_timeout_ms(std::size_t script_bytes) {
    constexpr uint64_t base_ms = 10'000;
    constexpr uint64_t per_100_kb_ms = 60'000;
    constexpr uint64_t cap_ms = 3'600'000;
    const uint64_t scaled = base_ms + static_cast<uint64_t>(script_bytes) * per_100_kb_ms / 100'000;
    return static_cast<uint32_t>(std::min(scaled, cap_ms));
}

std::vector<evo::finding> shellcheck_findings(std::string_view json1) {
    boost::system::error_code ec;
    const boost::json::value root = boost::json::parse(json1, ec);
    const boost::json::value* comments =
        !ec && root.is_object() ? root.as_object().if_contains("comments") : nullptr;
    if (!comments || !comments->is_array())
        throw evo::error(EVO_ERR_PROTOCOL, "shellcheck output is not its json1 format: " +
                                               std::string(json1.substr(0, 200)));
    std::vector<evo::finding> result;
    for (const boost::json::value& item : comments->as_array())
        result.push_back(to_finding(item));
    return result;
}

std::optional<std::string> find_program(std::string_view name) {
    if (name.empty()) return std::nullopt;
    if (name.find('/') != std::string_view::npos) {
        std::string path(name);
        return is_executable_file(path) ? std::optional(path) : std::nullopt;
    }
    const char* env = std::getenv("PATH");
    std::string_view dirs = env ? env : "/usr/local/bin:/usr/bin:/bin";
    while (true) {
        const std::size_t colon = dirs.find(':');
        const std::string_view dir = dirs.substr(0, colon);
        std::string path =
            (dir.empty() ? std::string(".") : std::string(dir)) + "/" + std::string(name);
        if (is_executable_file(path)) return path;
        if (colon == std::string_view::npos) return std::nullopt;
        dirs.remove_prefix(colon + 1);
    }
}

} // namespace evo::shell
