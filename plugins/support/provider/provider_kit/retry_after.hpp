// Reading a server's Retry-After header.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace provider_kit {

// Parses a Retry-After value: delay-seconds or an HTTP date (IMF-fixdate, RFC 850, asctime).
// A date in the past means no wait; nullopt when the value is neither.
std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

} // namespace provider_kit
