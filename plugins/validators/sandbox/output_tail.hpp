// The end of a test's output, as much as a finding shows: what a reader (or a model fixing the
// code) needs is the assertion and the last frames, not the whole log.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace evo_sandbox {

inline constexpr std::size_t tail_lines = 20;
inline constexpr std::size_t tail_bytes = 2000;

// The last tail_lines lines of `output`, trailing whitespace trimmed, and no more than
// tail_bytes: whole lines from the end while they fit (a single last line longer than that
// keeps its end, cut at a UTF-8 character boundary).
std::string output_tail(std::string_view output);

} // namespace evo_sandbox
