#include "baseline.hpp"

#include "stderr_line.hpp"
#include "validate_output.hpp"

#include <evo/host/atomic_file.hpp>
#include <evo/host/error.hpp>
#include <evo/host/regular_file.hpp>
#include <evo/host/sha256.hpp>

#include <boost/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace evo::cli {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr std::int64_t format_version = 1;

// The file as the baseline names it: relative to the working directory when it lies below it,
// so a baseline written from `evo validate src` matches `evo validate ./src` and absolute
// paths; as given (normalised) otherwise.
std::string baseline_path(const std::string& file) {
    static const fs::path working_directory = [] {
        std::error_code ec;
        fs::path cwd = fs::current_path(ec);
        return ec ? fs::path() : cwd;
    }();
    fs::path p = fs::path(file).lexically_normal();
    if (p.is_absolute() && !working_directory.empty()) {
        fs::path rel = p.lexically_relative(working_directory);
        if (!rel.empty() && *rel.begin() != "..") p = rel;
    }
    return p.generic_string();
}

// Runs of whitespace as one space, none at either end: re-indenting a line keeps its
// fingerprint.
std::string normalised(std::string_view line) {
    std::string out;
    bool space = false;
    for (unsigned char c : line) {
        if (std::isspace(c)) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(c);
    }
    return out;
}

std::string fingerprint(const host::finding_record& f, const finding_code& code) {
    auto line = f.line ? code.find({f.file, f.line}) : code.end();
    if (line != code.end()) return host::sha256_hex("code:" + normalised(line->second));
    return host::sha256_hex("message:" + normalised(f.message));
}

[[noreturn]] void bad_baseline(const std::string& file, const std::string& why) {
    throw host::config_error(file + ": not a usable baseline: " + why);
}

// "line L, column C" of a byte offset into `text`.
std::string position_of(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n')
            ++line, column = 1;
        else
            ++column;
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

json::value parse_baseline(const std::string& file, const std::string& text) {
    json::stream_parser parser;
    std::error_code ec;
    std::size_t used = parser.write(text.data(), text.size(), ec);
    if (!ec) parser.finish(ec);
    if (ec)
        bad_baseline(file,
                     "malformed JSON at " + position_of(text, used) + " (" + ec.message() + ")");
    return parser.release();
}

const json::string& field(const std::string& file, const json::object& entry, const char* name) {
    const json::value* v = entry.if_contains(name);
    if (!v || !v->is_string())
        bad_baseline(file, std::string("an entry without a string \"") + name + "\"");
    return v->get_string();
}

json::object entry_json(const baseline_key& k, const host::finding_record& f) {
    // line and message are for the reader; matching uses the others alone.
    return {{"file", k.file},
            {"layer", k.layer},
            {"rule_id", k.rule_id},
            {"fingerprint", k.fingerprint},
            {"occurrence", k.occurrence},
            {"line", f.line},
            {"message", f.message}};
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

void keep_finding_code(std::string_view text, const std::vector<host::finding_record>& findings,
                       finding_code& into) {
    std::map<unsigned, std::string_view> wanted; // line -> its text, once found
    for (const auto& f : findings)
        if (f.line) wanted.emplace(f.line, std::string_view{});
    unsigned number = 1;
    std::size_t start = 0;
    for (auto& [line, content] : wanted) {
        while (number < line && start <= text.size()) {
            std::size_t end = text.find('\n', start);
            start = end == std::string_view::npos ? text.size() + 1 : end + 1;
            ++number;
        }
        if (start > text.size()) break; // past the end: such findings fingerprint on the message
        std::size_t end = text.find('\n', start);
        content = text.substr(start, end == std::string_view::npos ? end : end - start);
    }
    for (const auto& f : findings) {
        auto it = f.line ? wanted.find(f.line) : wanted.end();
        if (it != wanted.end() && it->second.data())
            into[{f.file, f.line}] = std::string(it->second);
    }
}

std::vector<baseline_key> baseline_keys(const std::vector<host::finding_record>& findings,
                                        const finding_code& code) {
    // Occurrences count in line order whatever order the findings come in.
    std::vector<std::size_t> order(findings.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
        return std::tie(findings[a].file, findings[a].line, findings[a].column) <
               std::tie(findings[b].file, findings[b].line, findings[b].column);
    });
    std::vector<baseline_key> keys(findings.size());
    std::map<baseline_key, std::size_t> seen; // the key with occurrence 0 -> how many so far
    for (std::size_t i : order) {
        const auto& f = findings[i];
        baseline_key k{baseline_path(f.file), f.layer, f.rule_id, fingerprint(f, code), 0};
        k.occurrence = seen[k]++;
        keys[i] = std::move(k);
    }
    return keys;
}

std::vector<baseline_key> read_baseline(const std::string& file) {
    std::string text;
    host::file_read read = host::read_regular_file(file, text);
    if (read.outcome != host::file_read::result::ok) bad_baseline(file, read.reason);
    json::value doc = parse_baseline(file, text);
    const json::object* top = doc.if_object();
    if (!top || !top->contains("evo_baseline"))
        bad_baseline(file,
                     "no \"evo_baseline\" version (written by evo validate --write-baseline)");
    const json::value& version = top->at("evo_baseline");
    if (!version.is_int64() || version.get_int64() != format_version)
        bad_baseline(file, "version " + json::serialize(version) + ", this evo reads version " +
                               std::to_string(format_version));
    const json::value* entries = top->if_contains("findings");
    if (!entries || !entries->is_array()) bad_baseline(file, "no \"findings\" array");
    std::vector<baseline_key> keys;
    for (const auto& e : entries->get_array()) {
        if (!e.is_object()) bad_baseline(file, "a finding that is not an object");
        const auto& entry = e.get_object();
        const json::value* occurrence = entry.if_contains("occurrence");
        if (!occurrence || !occurrence->is_int64() || occurrence->get_int64() < 0)
            bad_baseline(file, "an entry without a non-negative \"occurrence\"");
        keys.push_back({baseline_path(std::string(field(file, entry, "file"))),
                        std::string(field(file, entry, "layer")),
                        std::string(field(file, entry, "rule_id")),
                        std::string(field(file, entry, "fingerprint")),
                        static_cast<std::size_t>(occurrence->get_int64())});
    }
    return keys;
}

void write_baseline(const std::string& file, const std::vector<host::finding_record>& findings,
                    const std::vector<baseline_key>& keys) {
    json::array entries;
    for (std::size_t i = 0; i < keys.size(); ++i)
        entries.push_back(entry_json(keys[i], findings[i]));
    std::string text = json::serialize(json::object{{"evo_baseline", format_version},
                                                    {"findings", std::move(entries)}}) +
                       '\n';
    // 0644: a baseline is shared like any file of the project, not a secret.
    if (int error = host::write_file_atomically(file, text, 0644))
        throw host::runtime_error(file + ": cannot write the baseline: " + std::strerror(error));
}

void apply_baseline(const baseline_options& opt, const std::vector<baseline_key>& saved,
                    validate_report& report, const finding_code& code) {
    const auto keys = baseline_keys(report.findings, code);
    // A run that could not judge every file would save a baseline short of their findings.
    if (!opt.write.empty() && !report.errors.empty())
        stderr_warning(opt.write + ": baseline not written: " +
                           plural(report.errors.size(), "file", "files") + " could not be judged",
                       {{"baseline_not_written", opt.write}});
    else if (!opt.write.empty()) {
        write_baseline(opt.write, report.findings, keys);
        stderr_line(line_level::info,
                    opt.write + ": " + plural(report.findings.size(), "finding", "findings") +
                        " saved as the baseline",
                    {{"baseline_written", opt.write}, {"saved", report.findings.size()}});
    }
    if (opt.read.empty()) return;
    report.baseline = true;
    std::map<baseline_key, std::size_t> held;
    for (const auto& k : saved)
        ++held[k];
    std::vector<host::finding_record> shown;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        auto it = held.find(keys[i]);
        if (it != held.end() && it->second > 0) {
            --it->second;
            ++report.baseline_hidden;
        } else {
            shown.push_back(std::move(report.findings[i]));
        }
    }
    report.findings = std::move(shown);
}

void mark_sarif_baseline(json::object& log, const validate_report& report) {
    if (!report.baseline) return;
    for (auto& run : log.at("runs").as_array()) {
        auto& r = run.as_object();
        for (auto& result : r.at("results").as_array())
            result.as_object()["baselineState"] = "new";
        r["properties"] = {{"baselineHidden", report.baseline_hidden}};
    }
}

} // namespace evo::cli
