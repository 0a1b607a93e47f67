// A server's answer quoted in an error message: its start, on one line.
#pragma once

#include <string>
#include <string_view>

namespace provider_kit {

// The first 120 bytes of `text` (never cutting a UTF-8 character), line breaks shown as \n and
// \r, "..." when cut; "(nothing)" for an empty text.
std::string preview(std::string_view text);

} // namespace provider_kit
