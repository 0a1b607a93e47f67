#include "provider_kit/redact.hpp"

namespace provider_kit {

std::string redacted(std::string text, std::initializer_list<std::string_view> secrets) {
    constexpr std::string_view mark = "[redacted]";
    for (std::string_view secret : secrets) {
        if (secret.empty()) continue;
        for (std::size_t at = text.find(secret); at != std::string::npos;
             at = text.find(secret, at + mark.size()))
            text.replace(at, secret.size(), mark);
    }
    return text;
}

} // namespace provider_kit
