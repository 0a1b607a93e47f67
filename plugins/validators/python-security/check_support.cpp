#include "check_support.hpp"

#include <charconv>

namespace evo::python_security {

void reporter::report(rule id, std::uint32_t token, std::string message) {
    const rule_info& info = describe(id);
    report(id, token, std::move(message), info.severity, info.confidence);
}

void reporter::report(rule id, std::uint32_t token, std::string message, evo_severity severity,
                      evo_severity confidence) {
    findings_.push_back({id, token, severity, confidence, std::move(message)});
}

void reporter::report_at(rule id, std::string_view place, std::string message) {
    const rule_info& info = describe(id);
    findings_.push_back({id, 0, info.severity, info.confidence, std::move(message), place});
}

std::optional<bool> literal_truth(const module_view& m, token_range value) {
    if (value.empty()) return std::nullopt;
    const token& first = m.at(value.begin);
    std::uint32_t size = value.end - value.begin;
    if (size == 1) {
        if (first.is_name("True")) return true;
        if (first.is_name("False") || first.is_name("None")) return false;
        if (first.kind == token_kind::number) {
            auto number = integer_literal(first.text);
            return number ? std::optional<bool>(*number != 0) : std::nullopt;
        }
    }
    if (auto text = m.string_value(value)) return !text->empty();
    if (size == 2 && m.partner(value.begin) == value.begin + 1) return false; // [], (), {}
    if (m.partner(value.begin) == value.end - 1 && (first.is_op("[") || first.is_op("{")))
        return true; // a non-empty list, set or dict display
    return std::nullopt;
}

std::optional<long long> integer_literal(std::string_view text) {
    std::string digits;
    for (char c : text)
        if (c != '_') digits += c;
    int base = 10;
    std::string_view body = digits;
    if (body.size() > 2 && body[0] == '0') {
        char marker = static_cast<char>(body[1] | 0x20);
        base = marker == 'x' ? 16 : marker == 'o' ? 8 : marker == 'b' ? 2 : 10;
        if (base != 10) body.remove_prefix(2);
    }
    long long value = 0;
    auto [end, error] = std::from_chars(body.data(), body.data() + body.size(), value, base);
    if (error != std::errc() || end != body.data() + body.size()) return std::nullopt;
    return value;
}

std::optional<std::string> leading_string(const module_view& m, token_range value) {
    if (value.empty()) return std::nullopt;
    if (auto text = m.string_value(value)) return text;
    const token& first = m.at(value.begin);
    if ((first.is_op("[") || first.is_op("(")) && m.partner(value.begin) == value.end - 1) {
        std::uint32_t element_end = value.begin + 1;
        while (element_end < value.end - 1 && m.at(element_end).kind == token_kind::string)
            ++element_end;
        return m.string_value({value.begin + 1, element_end});
    }
    return std::nullopt;
}

const argument* argument_at(const call_site& site, std::size_t index, std::string_view keyword) {
    if (const argument* found = keyword_argument(site.args, keyword)) return found;
    return positional_argument(site.args, index);
}

bool unpacks_arguments(const call_site& site) {
    return std::any_of(site.args.begin(), site.args.end(),
                       [](const argument& a) { return a.stars != 0; });
}

std::string_view last_chain_name(const module_view& m, token_range range) {
    std::uint32_t end = range.end;
    // `name()`: an empty call at the end of the chain
    if (end >= range.begin + 3 && m.at(end - 1).is_op(")") && m.at(end - 2).is_op("(")) end -= 2;
    std::string_view last;
    for (std::uint32_t i = range.begin; i < end; ++i) {
        const token& t = m.at(i);
        bool expect_name = (i - range.begin) % 2 == 0;
        if (expect_name ? t.kind != token_kind::name : !t.is_op(".")) return {};
        if (expect_name) last = t.text;
    }
    return (end - range.begin) % 2 == 1 ? last : std::string_view{};
}

std::string callee_label(const call_site& site) {
    if (!site.callee.empty()) return std::string(site.callee);
    return "." + std::string(site.method) + "()";
}

bool mentions_name(const module_view& m, token_range range, std::string_view name) {
    for (std::uint32_t i = range.begin; i < range.end; ++i)
        if (m.at(i).is_name(name)) return true;
    return false;
}

} // namespace evo::python_security
