#include <evo/host/code_extract.hpp>

#include <cctype>
#include <optional>
#include <vector>

namespace evo::host {
namespace {

struct fenced_block {
    std::string info;
    std::string body;
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Finds the next ``` fence starting a line at or after `from`.
std::size_t next_fence(std::string_view text, std::size_t from) {
    while (true) {
        std::size_t at = text.find("```", from);
        if (at == std::string_view::npos) return at;
        std::size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
        line_start = line_start == std::string_view::npos || at == 0 ? 0 : line_start + 1;
        if (trim(text.substr(line_start, at - line_start)).empty()) return at;
        from = at + 3;
    }
}

std::vector<fenced_block> fenced_blocks(std::string_view text) {
    std::vector<fenced_block> blocks;
    std::size_t pos = 0;
    while ((pos = next_fence(text, pos)) != std::string_view::npos) {
        std::size_t info_end = text.find('\n', pos);
        if (info_end == std::string_view::npos) break;
        fenced_block b;
        b.info = std::string(trim(text.substr(pos + 3, info_end - pos - 3)));
        std::size_t close = next_fence(text, info_end + 1);
        // The body ends where the closing fence's line starts, whatever indents that fence.
        std::size_t body_end = close == std::string_view::npos ? text.size() : text.rfind('\n', close - 1) + 1;
        if (body_end > info_end + 1) b.body = std::string(text.substr(info_end + 1, body_end - info_end - 1));
        blocks.push_back(std::move(b));
        if (close == std::string_view::npos) break;
        pos = close + 3;
    }
    return blocks;
}

// The first word of a block's info string: its language tag.
std::string tag_of(const fenced_block& b) { return b.info.substr(0, b.info.find(' ')); }

std::string whole_answer(std::string_view answer) {
    std::string whole(trim(answer));
    return whole.empty() ? whole : whole + "\n";
}

} // namespace

std::string extract_code(std::string_view answer, std::string_view language, const language_map& names) {
    auto blocks = fenced_blocks(answer);
    std::string wanted = names.canonical(language);
    for (const auto& b : blocks) {
        std::string info = tag_of(b);
        if (!info.empty() && names.canonical(info) == wanted) return b.body;
    }
    if (!blocks.empty()) return blocks.front().body;
    return whole_answer(answer);
}

program_and_tests extract_program_and_tests(std::string_view answer, std::string_view language,
                                            const language_map& names) {
    auto blocks = fenced_blocks(answer);
    if (blocks.empty()) return {whole_answer(answer), std::nullopt};
    std::string wanted = names.canonical(language);
    std::vector<const fenced_block*> chosen;
    for (const auto& b : blocks) {
        std::string tag = tag_of(b);
        if (tag.empty() || names.canonical(tag) == wanted) chosen.push_back(&b);
    }
    if (chosen.empty())
        for (const auto& b : blocks) chosen.push_back(&b);
    program_and_tests out{chosen[0]->body, std::nullopt};
    if (chosen.size() > 1) out.tests = chosen[1]->body;
    return out;
}

} // namespace evo::host
