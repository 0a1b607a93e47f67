#include "footprint.hpp"

#include <algorithm>

namespace evo::bench {

std::uintmax_t bytes_on_disk(const std::filesystem::path& path,
                             const std::vector<std::filesystem::path>& excluded) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::file_status status = fs::symlink_status(path, error);
    if (fs::is_regular_file(status)) return fs::file_size(path, error);
    if (!fs::is_directory(status)) return 0;
    std::uintmax_t total = 0;
    for (auto entry = fs::recursive_directory_iterator(
             path, fs::directory_options::skip_permission_denied, error);
         entry != fs::recursive_directory_iterator(); entry.increment(error)) {
        if (error) break;
        if (entry->is_directory(error) && !entry->is_symlink(error) &&
            std::find(excluded.begin(), excluded.end(), entry->path()) != excluded.end()) {
            entry.disable_recursion_pending();
            continue;
        }
        if (entry->is_regular_file(error) && !entry->is_symlink(error))
            total += entry->file_size(error);
    }
    return total;
}

} // namespace evo::bench
