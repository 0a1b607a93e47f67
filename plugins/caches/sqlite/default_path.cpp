#include "default_path.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace sqlite_cache {

std::string default_path() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::string(xdg) + "/evo/cache.db";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.cache/evo/cache.db";
    return {};
}

void create_parent_directories(const std::string& file) {
    std::filesystem::path prefix;
    for (const auto& part : std::filesystem::path(file).parent_path()) {
        prefix /= part;
        if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST)
            throw std::system_error(errno, std::generic_category(), "mkdir " + prefix.string());
    }
}

} // namespace sqlite_cache
