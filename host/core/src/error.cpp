#include <evo/host/error.hpp>

#include <cctype>

namespace evo::host {

std::string one_line(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] != '\n' && text[i] != '\r') {
            out += text[i++];
            continue;
        }
        while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (!out.empty() && i < text.size()) out += ' ';
    }
    return out;
}

std::string source_location::str() const {
    std::string out = file;
    if (line) {
        out += ':' + std::to_string(line);
        if (column) out += ':' + std::to_string(column);
    }
    return out;
}

} // namespace evo::host
