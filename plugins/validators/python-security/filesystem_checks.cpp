// Temporary names, archive extraction, permissions, deletions and reads of secrets.
#include "checks.hpp"
#include "paths.hpp"
#include "rule_table.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace evo::python_security {

namespace {

// The path a call works on: its first argument for functions in the rule table
// (`os.remove(p)`), its receiver for methods (`Path(p).unlink()`).
token_range subject_path(const call_site& site, std::string_view keyword) {
    if (find_call_rule(site.callee) == nullptr) return site.receiver;
    const argument* path = positional_argument(site.args, 0);
    if (!path) path = keyword_argument(site.args, keyword);
    return path ? path->value : token_range{};
}

// `open(path, "w")`, `Path(p).open("a")`, `os.open(p, os.O_WRONLY)`: the call writes the
// file and reads nothing stored in it. "w" and "x" start from an empty file; "a" without "+"
// only appends.
bool opens_for_writing(const call_site& site, const module_view& m) {
    bool method = find_call_rule(site.callee) == nullptr;
    if (site.callee == "os.open") {
        const argument* flags = argument_at(site, 1, "flags");
        return flags && mentions_name(m, flags->value, "O_WRONLY");
    }
    if (site.method != "open") return false; // shutil.copy, read_text: always read
    const argument* mode = argument_at(site, method ? 0 : 1, "mode");
    auto text = mode ? m.string_value(mode->value) : std::nullopt;
    if (!text) return false;
    bool plus = text->find('+') != std::string::npos;
    return text->find_first_of("wx") != std::string::npos ||
           (text->find('a') != std::string::npos && !plus);
}

struct stat_constant {
    std::string_view name;
    long long value;
};

// clang-format off
constexpr std::array<stat_constant, 18> stat_constants{{
    {"S_ISUID", 04000}, {"S_ISGID", 02000}, {"S_ISVTX", 01000},
    {"S_IRWXU", 0700}, {"S_IRUSR", 0400}, {"S_IWUSR", 0200}, {"S_IXUSR", 0100},
    {"S_IRWXG", 070},  {"S_IRGRP", 040},  {"S_IWGRP", 020},  {"S_IXGRP", 010},
    {"S_IRWXO", 07},   {"S_IROTH", 04},   {"S_IWOTH", 02},   {"S_IXOTH", 01},
    {"S_IREAD", 0400}, {"S_IWRITE", 0200}, {"S_IEXEC", 0100},
}};
// clang-format on

// The mode an expression such as `0o755` or `stat.S_IRWXU | stat.S_IRWXO` denotes.
std::optional<long long> mode_value(const module_view& m, token_range range) {
    long long mode = 0;
    bool any = false;
    for (std::uint32_t i = range.begin; i < range.end; ++i) {
        const token& t = m.at(i);
        if (t.kind == token_kind::number) {
            auto number = integer_literal(t.text);
            if (!number) return std::nullopt;
            mode |= *number;
            any = true;
        } else if (t.kind == token_kind::name && i + 1 < range.end && m.at(i + 1).is_op(".")) {
            continue; // the module in `stat.S_IWOTH`
        } else if (t.kind == token_kind::name) {
            auto constant = std::find_if(stat_constants.begin(), stat_constants.end(),
                                         [&](const stat_constant& c) { return c.name == t.text; });
            if (constant == stat_constants.end()) return std::nullopt;
            mode |= constant->value;
            any = true;
        } else if (!(t.is_op("|") || t.is_op("+") || t.is_op(".") || t.is_op("(") ||
                     t.is_op(")"))) {
            return std::nullopt;
        }
    }
    return any ? std::optional<long long>(mode) : std::nullopt;
}

std::string octal(long long mode) {
    char text[32];
    std::snprintf(text, sizeof text, "0o%llo", mode);
    return text;
}

} // namespace

void check_mktemp(const call_site& site, const module_view&, reporter& out) {
    out.report(rule::mktemp, site.anchor,
               callee_label(site) + " returns a name another process can take first");
}

void check_tar_extract(const call_site& site, const module_view& m, reporter& out) {
    bool known_tarfile = site.callee.starts_with("tarfile.");
    if (!known_tarfile) {
        std::string_view root = site.callee.substr(0, site.callee.find_first_of(".("));
        if (!m.names().imports_module("tarfile") || m.names().imports_module(root)) return;
    }
    std::string label = callee_label(site);
    evo_severity confidence = known_tarfile ? high : medium;
    if (const argument* filter = keyword_argument(site.args, "filter")) {
        if (m.string_value(filter->value) == "fully_trusted")
            out.report(rule::tar_extract, site.anchor,
                       label + " with filter='fully_trusted' trusts every archive member", high,
                       confidence);
        return;
    }
    if (keyword_argument(site.args, "members"))
        out.report(rule::tar_extract, site.anchor,
                   label + " with members= but no filter: safety rests on the member check", medium,
                   low);
    else
        out.report(rule::tar_extract, site.anchor,
                   label + " without filter= may write outside the target directory", high,
                   confidence);
}

void check_chmod(const call_site& site, const module_view& m, reporter& out) {
    bool os_function = site.callee.starts_with("os.");
    const argument* mode_argument = positional_argument(site.args, os_function ? 1 : 0);
    if (!mode_argument) mode_argument = keyword_argument(site.args, "mode");
    if (!mode_argument) return;
    auto mode = mode_value(m, mode_argument->value);
    if (!mode) return;
    std::string label = callee_label(site) + " with mode " + octal(*mode);
    if (*mode & 02)
        out.report(rule::permissive_chmod, site.anchor, label + " makes the file world-writable");
    else if (*mode & (01 | 010 | 020))
        out.report(rule::permissive_chmod, site.anchor,
                   label + " lets other users write or execute the file", medium, high);
}

void check_destructive_delete(const call_site& site, const module_view& m, reporter& out) {
    std::string path = path_text(m, subject_path(site, "path"));
    deletion_risk risk = classify_deletion(path);
    if (risk == deletion_risk::none) return;
    out.report(rule::destructive_delete, site.anchor,
               callee_label(site) + " deletes '" + path + "'",
               risk == deletion_risk::critical ? high : medium,
               risk == deletion_risk::critical ? high : medium);
}

void check_secret_read(const call_site& site, const module_view& m, reporter& out) {
    if (opens_for_writing(site, m)) return;
    std::string path = path_text(m, subject_path(site, "file"));
    if (auto kind = secret_kind(path))
        out.report(rule::secret_read, site.anchor,
                   callee_label(site) + " reads " + std::string(*kind) + " ('" + path + "')");
}

void check_secret_in_command(const call_site& site, const module_view& m, reporter& out) {
    for (std::uint32_t i = site.open + 1; i < site.close; ++i) {
        if (m.at(i).kind != token_kind::string) continue;
        std::string text = path_text(m, {i, i + 1});
        if (auto kind = secret_kind(text)) {
            out.report(rule::secret_read, site.anchor,
                       callee_label(site) + " runs a command that reads " + std::string(*kind));
            return;
        }
    }
}

} // namespace evo::python_security
