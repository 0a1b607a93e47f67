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

} // namespace

std::string extract_code(std::string_view answer, std::string_view language, const language_map& names) {
    auto blocks = fenced_blocks(answer);
    std::string wanted = names.canonical(language);
    for (const auto& b : blocks) {
        std::string info = b.info.substr(0, b.info.find(' '));
        if (!info.empty() && names.canonical(info) == wanted) return b.body;
    }
    if (!blocks.empty()) return blocks.front().body;
    std::string whole(trim(answer));
    return whole.empty() ? whole : whole + "\n";
}

} // namespace evo::host
