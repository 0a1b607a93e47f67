#include "verdict.hpp"

#include <charconv>
#include <optional>

namespace evo::review {
namespace {

constexpr std::string_view whitespace = " \t\r\n";
constexpr std::string_view reason_prefix = "- REASON: ";

std::string_view trim(std::string_view text) {
    const std::size_t first = text.find_first_not_of(whitespace);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(whitespace) - first + 1);
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (true) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (line.ends_with('\r')) line.remove_suffix(1);
        lines.push_back(line);
        if (end == std::string_view::npos) return lines;
        text.remove_prefix(end + 1);
    }
}

// "- REASON: 12: text"
std::optional<reason> parse_reason(std::string_view line) {
    if (!line.starts_with(reason_prefix)) return std::nullopt;
    line.remove_prefix(reason_prefix.size());
    const std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos || colon == 0 || colon > 9) return std::nullopt;
    reason r;
    const auto [end, ec] = std::from_chars(line.data(), line.data() + colon, r.line);
    if (ec != std::errc{} || end != line.data() + colon) return std::nullopt;
    r.text = line.substr(colon + 2);
    if (trim(r.text).empty()) return std::nullopt;
    return r;
}

verdict malformed(std::string problem) {
    verdict v;
    v.problem = std::move(problem);
    return v;
}

} // namespace

verdict parse_verdict(std::string_view answer) {
    const std::string_view body = trim(answer);
    if (body.empty()) return malformed("the answer is empty");
    const std::vector<std::string_view> lines = split_lines(body);
    verdict v;
    if (lines[0] == "VERDICT: SAFE")
        v.outcome = verdict::kind::safe;
    else if (lines[0] == "VERDICT: UNSAFE")
        v.outcome = verdict::kind::unsafe;
    else
        return malformed("the first line is not 'VERDICT: SAFE' or 'VERDICT: UNSAFE'");
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::optional<reason> r = parse_reason(lines[i]);
        if (!r)
            return malformed("line " + std::to_string(i + 1) +
                             " is not '- REASON: <line>: <text>'");
        v.reasons.push_back(std::move(*r));
    }
    if (v.outcome == verdict::kind::safe && !v.reasons.empty())
        return malformed("a SAFE verdict gives reasons");
    return v;
}

} // namespace evo::review
