#include "scratch_directory.hpp"

#include <stdlib.h>

#include <stdexcept>
#include <string>
#include <system_error>

namespace evo::test {

scratch_directory::scratch_directory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "evo-python-syntax-XXXXXX");
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a scratch directory");
    path_ = pattern;
}

scratch_directory::~scratch_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

} // namespace evo::test
