#include <evo/bench/scratch_dir.hpp>

#include <stdlib.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace evo::bench {

scratch_dir::scratch_dir(const std::string& prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + ".XXXXXX")).string();
    if (!mkdtemp(pattern.data()))
        throw std::runtime_error("cannot create a scratch directory " + pattern + ": " +
                                 std::system_category().message(errno));
    path_ = pattern;
}

scratch_dir::~scratch_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

} // namespace evo::bench
