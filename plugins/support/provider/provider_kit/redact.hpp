// Keeping secrets out of error messages.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace provider_kit {

// `text` with every occurrence of each non-empty secret (API keys) replaced by
// "[redacted]": for messages that quote a server's error body.
std::string redacted(std::string text, std::initializer_list<std::string_view> secrets);

} // namespace provider_kit
