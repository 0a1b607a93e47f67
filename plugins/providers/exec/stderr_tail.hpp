// The end of a failed command's stderr, fit for a one-line error message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace exec_plugin {

// The last `limit` bytes of `err` (never starting inside a UTF-8 sequence, "..." in front
// when cut), blank ends trimmed, each line break shown as " | ".
std::string stderr_tail(std::string_view err, std::size_t limit = 500);

} // namespace exec_plugin
