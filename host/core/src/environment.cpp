#include <evo/host/manifest.hpp>

#include <cstdlib>
#include <stdexcept>

namespace evo::host {

std::string expand_environment(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.compare(i, 2, "${") != 0) {
            out += text[i++];
            continue;
        }
        std::size_t close = text.find('}', i + 2);
        if (close == std::string_view::npos)
            throw std::invalid_argument("unterminated '${' in \"" + std::string(text) + "\"");
        std::string_view body = text.substr(i + 2, close - i - 2);
        std::size_t dash = body.find(":-");
        std::string name(body.substr(0, dash));
        if (name.empty()) throw std::invalid_argument("empty variable name in \"" + std::string(text) + "\"");
        const char* value = std::getenv(name.c_str());
        if (value && *value) {
            out += value;
        } else if (dash != std::string_view::npos) {
            out += body.substr(dash + 2);
        } else {
            throw std::invalid_argument("environment variable " + name + " is not set");
        }
        i = close + 1;
    }
    return out;
}

} // namespace evo::host
