#include "live_text.hpp"

#include "output_style.hpp"

#include "context.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace evo::cli {
namespace {

// East Asian wide and emoji ranges: two columns. An approximation of wcwidth that needs no
// locale; a terminal that disagrees leaves a row more or less on the screen.
bool wide(char32_t c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
           (c >= 0x20000 && c <= 0x3FFFD);
}

// How many bytes a UTF-8 character starting with `lead` has; 1 for a stray byte.
std::size_t sequence_length(unsigned char lead) {
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
    if (lead >= 0xC2) return 2;
    return 1;
}

char32_t decode(std::string_view s) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    switch (s.size()) {
    case 2:
        return (byte(0) & 0x1Fu) << 6 | (byte(1) & 0x3Fu);
    case 3:
        return (byte(0) & 0x0Fu) << 12 | (byte(1) & 0x3Fu) << 6 | (byte(2) & 0x3Fu);
    case 4:
        return (byte(0) & 0x07u) << 18 | (byte(1) & 0x3Fu) << 12 | (byte(2) & 0x3Fu) << 6 |
               (byte(3) & 0x3Fu);
    default:
        return byte(0);
    }
}

void write_out(const std::string& bytes) {
    std::fwrite(bytes.data(), 1, bytes.size(), stderr);
    std::fflush(stderr);
}

} // namespace

live_mode resolve_live_mode(std::string_view word, bool json_logs) {
    if (word == "off" || json_logs || quiet() || !isatty(STDERR_FILENO)) return live_mode::off;
    return word == "keep" ? live_mode::keep : live_mode::clear;
}

void add_live_option(CLI::App& cmd, std::string& word) {
    cmd.add_option(
           "--live", word,
           "the model's text on stderr as it arrives: auto (cleared when the call ends, "
           "on a terminal), keep, clear, off; never elsewhere than on a terminal with text logs")
        ->check(CLI::IsMember({"auto", "keep", "clear", "off"}))
        ->capture_default_str();
}

live_text::live_text(live_mode mode) : mode_(mode), dim_(color_enabled(STDERR_FILENO)) {}

void live_text::watch(host::generation_request& req) {
    if (mode_ == live_mode::off) return;
    req.on_text = [this](std::string_view chunk) { text(chunk); };
    req.on_call_end = [this](const host::provider_call&) { call_ended(); };
}

void live_text::advance(char32_t c, int width) {
    if (c == '\n') {
        ++rows_;
        column_ = 0;
        return;
    }
    if (c == '\t') width = 8 - column_ % 8;
    if (column_ + width > columns_) { // the terminal wraps before it
        ++rows_;
        column_ = 0;
    }
    column_ += width;
}

void live_text::text(std::string_view chunk) {
    if (!shown_) {
        winsize size{};
        if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
            columns_ = size.ws_col;
            screen_rows_ = size.ws_row > 0 ? size.ws_row : screen_rows_;
        }
        rows_ = 0;
        column_ = 0;
        shown_ = true;
    }
    // Only what prints, and newlines and tabs: the model's text never drives the terminal
    // (no escape sequence, no carriage return, no C1 control).
    std::string out = dim_ ? "\033[2m" : "";
    std::string bytes = pending_ + std::string(chunk);
    pending_.clear();
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t n = sequence_length(static_cast<unsigned char>(bytes[i]));
        if (i + n > bytes.size()) {
            pending_ = bytes.substr(i);
            break;
        }
        const std::string_view character(bytes.data() + i, n);
        i += n;
        const char32_t c = decode(character);
        if (c == '\n' || c == '\t') {
            advance(c, 0);
            out += character;
        } else if (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F)) {
            advance(c, wide(c) ? 2 : 1);
            out += character;
        }
    }
    if (dim_) out += "\033[22m";
    write_out(out);
}

void live_text::clear_shown() {
    // Back to the first row of the text (as far up as the screen goes), then erase to its end.
    const std::size_t up =
        std::min<std::size_t>(rows_, static_cast<std::size_t>(std::max(screen_rows_ - 1, 0)));
    write_out(up > 0 ? "\033[" + std::to_string(up) + "F\033[J" : std::string("\r\033[J"));
}

void live_text::call_ended() {
    pending_.clear();
    if (!shown_) return;
    shown_ = false;
    if (mode_ == live_mode::clear)
        clear_shown();
    else if (column_ > 0)
        write_out("\n");
}

} // namespace evo::cli
