#include "format.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace evo::bench {

std::string readable_number(double value) {
    const double magnitude = std::abs(value);
    const int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
    std::array<char, 64> text{};
    std::snprintf(text.data(), text.size(), "%.*f", decimals, value);
    return text.data();
}

std::string mib_text(double bytes) {
    return readable_number(bytes / (1024.0 * 1024.0)) + " MiB";
}

} // namespace evo::bench
