#include "output_style.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace evo::cli {
namespace {

std::atomic<color_choice> chosen_color{color_choice::auto_detect};
std::atomic<bool> quiet_output{false};

const char* sgr(style s) {
    switch (s) {
    case style::error:
        return "\033[1;31m";
    case style::warning:
        return "\033[1;33m";
    case style::note:
        return "\033[1;36m";
    case style::info:
        return "\033[1;34m";
    case style::rule:
        return "\033[35m";
    case style::location:
        return "\033[1m";
    case style::dim:
        return "\033[2m";
    }
    return "";
}

} // namespace

void set_color_choice(color_choice choice) {
    chosen_color = choice;
}

color_choice color_choice_named(std::string_view word) {
    if (word == "always") return color_choice::always;
    if (word == "never") return color_choice::never;
    return color_choice::auto_detect;
}

bool color_enabled(int fd) {
    switch (chosen_color.load()) {
    case color_choice::always:
        return true;
    case color_choice::never:
        return false;
    case color_choice::auto_detect:
        break;
    }
    const char* no_color = std::getenv("NO_COLOR");
    return !(no_color && *no_color) && isatty(fd);
}

std::string paint(style s, std::string_view text, bool on) {
    if (!on || text.empty()) return std::string(text);
    return sgr(s) + std::string(text) + "\033[0m";
}

void set_quiet(bool quiet) {
    quiet_output = quiet;
}

bool quiet() {
    return quiet_output;
}

std::size_t output_width(int fd) {
    if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
        std::size_t n = 0;
        const char* end = columns + std::strlen(columns);
        if (auto [at, ec] = std::from_chars(columns, end, n);
            ec == std::errc() && at == end && n > 0)
            return n;
    }
    winsize size{};
    if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 0;
}

} // namespace evo::cli
