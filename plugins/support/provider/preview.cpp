#include "provider_kit/preview.hpp"

#include <cstddef>

namespace provider_kit {

std::string preview(std::string_view text) {
    constexpr std::size_t preview_bytes = 120;
    if (text.empty()) return "(nothing)";
    bool cut = text.size() > preview_bytes;
    if (cut) {
        std::size_t end = preview_bytes;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            --end;
        text = text.substr(0, end);
    }
    std::string line;
    for (char c : text) {
        if (c == '\n')
            line += "\\n";
        else if (c == '\r')
            line += "\\r";
        else
            line += c;
    }
    return cut ? line + "..." : line;
}

} // namespace provider_kit
