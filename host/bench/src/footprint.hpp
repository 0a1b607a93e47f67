// Installed footprint: apparent sizes of regular files, so the figure does not depend on the
// file system's block size. Symbolic links are not followed, so nothing is counted twice.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace evo::bench {

// A file's size, or the total of the regular files under a directory minus the excluded
// subtrees. A path that does not exist counts 0.
std::uintmax_t bytes_on_disk(const std::filesystem::path& path,
                             const std::vector<std::filesystem::path>& excluded = {});

} // namespace evo::bench
