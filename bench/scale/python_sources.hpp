// The standard library as bench/validate/run.py takes it: every .py file under the root, in
// sorted order, outside test directories, caches and installed packages.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace evo::scale_bench {

// At most `limit` files (0: all of them).
std::vector<std::string> python_sources(const std::filesystem::path& root, std::size_t limit = 0);

} // namespace evo::scale_bench
