#include "compiler_diagnostics.hpp"

#include <array>
#include <charconv>
#include <optional>

namespace evo::cpp {
namespace {

constexpr std::string_view source_name = "<stdin>";
constexpr std::size_t max_message = 2000;

constexpr std::array<std::string_view, 3> kinds{"fatal error", "error", "warning"};

std::optional<uint32_t> number(std::string_view text) {
    uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

// "FILE:LINE:COL", "FILE:LINE" or just "FILE" (the driver: "c++", "cc1plus").
void read_location(std::string_view location, diagnostic& d) {
    std::optional<uint32_t> last;
    std::size_t colon = location.rfind(':');
    if (colon != std::string_view::npos) last = number(location.substr(colon + 1));
    if (!last) {
        d.file = location;
        return;
    }
    location = location.substr(0, colon);
    colon = location.rfind(':');
    const std::optional<uint32_t> before =
        colon == std::string_view::npos ? std::nullopt : number(location.substr(colon + 1));
    if (before) {
        d.file = location.substr(0, colon);
        d.line = *before;
        d.column = *last;
    } else {
        d.file = location;
        d.line = *last;
    }
}

std::optional<diagnostic> parse_line(std::string_view line) {
    for (std::string_view kind : kinds) {
        const std::string marker = ": " + std::string(kind) + ": ";
        const std::size_t at = line.find(marker);
        if (at == std::string_view::npos) continue;
        diagnostic d;
        read_location(line.substr(0, at), d);
        d.kind = kind;
        d.message = line.substr(at + marker.size());
        return d;
    }
    return std::nullopt;
}

std::string clip(std::string_view text) {
    if (text.size() <= max_message) return std::string(text);
    return std::string(text.substr(0, max_message)) + "...";
}

// "... [-Wunused-variable]" names the warning flag.
std::string warning_flag(std::string_view message) {
    const std::size_t open = message.rfind("[-W");
    if (open == std::string_view::npos || !message.ends_with(']')) return "";
    return std::string(message.substr(open + 1, message.size() - open - 2));
}

evo::finding syntax_error(uint32_t line, uint32_t column, std::string message) {
    return {
        "CPP-SYNTAX", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, line, column, clip(message), "", ""};
}

} // namespace

std::vector<std::string> compiler_arguments(const compiler_settings& settings) {
    std::vector<std::string> argv{settings.compiler, "-fsyntax-only", "-std=" + settings.standard,
                                  "-fdiagnostics-color=never", settings.warnings ? "-Wall" : "-w"};
    argv.insert(argv.end(), settings.flags.begin(), settings.flags.end());
    argv.insert(argv.end(), {"-x", "c++", "-"});
    return argv;
}

std::vector<diagnostic> parse_diagnostics(std::string_view compiler_output) {
    std::vector<diagnostic> result;
    while (!compiler_output.empty()) {
        const std::size_t end = std::min(compiler_output.find('\n'), compiler_output.size());
        std::string_view line = compiler_output.substr(0, end);
        compiler_output.remove_prefix(std::min(end + 1, compiler_output.size()));
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (std::optional<diagnostic> d = parse_line(line)) result.push_back(std::move(*d));
    }
    return result;
}

std::vector<evo::finding> judge(int exit_code, int term_signal, std::string_view compiler_output,
                                bool warnings) {
    std::vector<evo::finding> findings;
    bool any_error = false;
    for (const diagnostic& d : parse_diagnostics(compiler_output)) {
        const bool in_source = d.file == source_name;
        if (d.kind == "warning") {
            if (warnings && in_source)
                findings.push_back({"CPP-WARNING", EVO_SEVERITY_LOW, EVO_SEVERITY_HIGH, d.line,
                                    d.column, clip(d.message), "", warning_flag(d.message)});
            continue;
        }
        any_error = true;
        if (in_source) {
            findings.push_back(syntax_error(d.line, d.column, d.message));
        } else {
            std::string where = d.file;
            if (d.line) where += ":" + std::to_string(d.line);
            if (d.column) where += ":" + std::to_string(d.column);
            findings.push_back(syntax_error(0, 0, where + ": " + d.message));
        }
    }
    if (term_signal != 0)
        findings.push_back(
            syntax_error(0, 0, "the compiler was killed by signal " + std::to_string(term_signal)));
    else if (exit_code != 0 && !any_error)
        findings.push_back(
            syntax_error(0, 0,
                         compiler_output.empty()
                             ? "the compiler failed with exit status " + std::to_string(exit_code)
                             : "the compiler failed: " + std::string(compiler_output)));
    return findings;
}

} // namespace evo::cpp
