#include "progress.hpp"

namespace evo::bench {
namespace {
constexpr const char* erase_line = "\r\033[K";
}

void progress_line::show(const std::string& text) {
    if (!enabled_) return;
    err_ << erase_line << "evo bench: " << text << std::flush;
    shown_ = true;
}

void progress_line::clear() {
    if (!shown_) return;
    err_ << erase_line << std::flush;
    shown_ = false;
}

} // namespace evo::bench
