#include "output_tail.hpp"

namespace evo_sandbox {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

} // namespace

std::string output_tail(std::string_view output) {
    while (!output.empty() && is_space(output.back()))
        output.remove_suffix(1);
    // Walk back one line at a time; `begin` is where the tail starts, always a line start.
    std::size_t begin = output.size(), end_of_line = output.size(), lines = 0;
    while (lines < tail_lines) {
        const std::size_t newline =
            end_of_line == 0 ? std::string_view::npos : output.rfind('\n', end_of_line - 1);
        const std::size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
        if (output.size() - line_start > tail_bytes) break;
        begin = line_start;
        ++lines;
        if (newline == std::string_view::npos) break;
        end_of_line = newline;
    }
    if (lines == 0) { // the last line alone is too long: its end
        begin = output.size() - tail_bytes;
        while (begin < output.size() && is_continuation_byte(output[begin]))
            ++begin;
    }
    return std::string(output.substr(begin));
}

} // namespace evo_sandbox
