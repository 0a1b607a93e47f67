#include "stderr_tail.hpp"

namespace exec_plugin {
namespace {

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

std::string stderr_tail(std::string_view err, std::size_t limit) {
    while (!err.empty() && blank(err.back()))
        err.remove_suffix(1);
    bool cut = false;
    if (err.size() > limit) {
        err.remove_prefix(err.size() - limit);
        while (!err.empty() && (static_cast<unsigned char>(err.front()) & 0xC0) == 0x80)
            err.remove_prefix(1); // a continuation byte: the character began before the cut
        cut = true;
    }
    while (!err.empty() && blank(err.front()))
        err.remove_prefix(1);
    std::string out = cut ? "..." : "";
    for (std::size_t i = 0; i < err.size(); ++i) {
        if (err[i] == '\r' && i + 1 < err.size() && err[i + 1] == '\n') continue;
        if (err[i] == '\n' || err[i] == '\r')
            out += " | ";
        else
            out += err[i];
    }
    return out;
}

} // namespace exec_plugin
