// The verdict format llm-review demands, and its parser.
//
// After surrounding whitespace is trimmed, the answer is a sequence of lines separated by
// "\n" (a "\r" before it is tolerated):
//
//     VERDICT: SAFE
// or
//     VERDICT: UNSAFE
//     - REASON: <line>: <text>
//     - REASON: <line>: <text>
//
// The first line is exactly one of the two verdicts: upper case, one space, nothing before
// or after. Every further line is exactly "- REASON: ", a decimal line number of the reviewed
// code (0 when the reason concerns no single line), ": " and a non-empty text. SAFE carries no
// reasons; UNSAFE carries zero or more. Anything else -- prose, markdown, code fences, blank
// lines, a second verdict, lower case -- is malformed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace evo::review {

struct reason {
    uint32_t line = 0;
    std::string text;
};

struct verdict {
    enum class kind { safe, unsafe, malformed };
    kind outcome = kind::malformed;
    std::vector<reason> reasons; // unsafe: the model's reasons
    std::string problem;         // malformed: what breaks the format
};

verdict parse_verdict(std::string_view answer);

} // namespace evo::review
