#include "child_environment.hpp"

#include <algorithm>
#include <string_view>

extern char** environ;

namespace evo::host {
namespace {

bool always_passed(std::string_view name) {
    return name == "PATH" || name == "HOME" || name == "TMPDIR" || name == "LANG" || name == "LANGUAGE" ||
           name.starts_with("LC_");
}

} // namespace

std::vector<std::string> child_environment(const std::vector<std::string>& granted) {
    std::vector<std::string> out;
    for (char** entry = environ; entry && *entry; ++entry) {
        std::string_view text(*entry);
        std::string_view name = text.substr(0, text.find('='));
        if (name.size() == text.size()) continue;
        if (always_passed(name) || std::find(granted.begin(), granted.end(), name) != granted.end())
            out.emplace_back(text);
    }
    return out;
}

} // namespace evo::host
