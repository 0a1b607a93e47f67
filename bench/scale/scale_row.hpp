// One line of bench-scale's table: a figure of evo's, the peer it is read against (when it
// has one), and issue 9's target with its verdict.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace evo::scale_bench {

struct target {
    std::string text; // "> 5M gets/s", "<= 2x"
    bool met = false;
};

struct scale_row {
    std::string measure; // what was measured
    std::string value;   // evo's figure, with its unit
    std::string peer;    // what it is compared with; empty: nothing
    std::string peer_value;
    std::string ratio; // evo against the peer, "1.35x"; empty: none
    std::optional<target> goal;
    std::string note; // "not built", "failed: ...": printed instead of a verdict
};

using scale_rows = std::vector<scale_row>;

// "%.*f"
std::string fixed(double value, int decimals = 2);
// 1234567 as "1.23M", 123456 as "123k", 999 as "999"
std::string count(double value);

} // namespace evo::scale_bench
