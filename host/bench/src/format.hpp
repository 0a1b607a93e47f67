// Numbers as evo bench prints them.
#pragma once

#include <string>
#include <string_view>

namespace evo::bench {

// About three significant digits, never an exponent: 1234, 123, 12.3, 1.23, 0.123.
std::string readable_number(double value);

// "2.3 MiB"
std::string mib_text(double bytes);

// Appends each part in turn: GCC 12 at -O3 misreports (-Wrestrict) the prepend that
// `"literal" + std::string` compiles to.
template <typename... Parts> std::string concat(const Parts&... parts) {
    std::string text;
    ((text += parts), ...);
    return text;
}

} // namespace evo::bench
