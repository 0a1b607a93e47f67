#include "scale_row.hpp"

#include <cstdio>

namespace evo::scale_bench {

std::string fixed(double value, int decimals) {
    char text[48];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string count(double value) {
    if (value >= 1e6) return fixed(value / 1e6) + "M";
    if (value >= 1e4) return fixed(value / 1e3, 0) + "k";
    return fixed(value, 0);
}

} // namespace evo::scale_bench
