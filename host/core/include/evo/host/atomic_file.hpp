// Files replaced whole (the trust store, baselines, a manifest evo init writes, the identity
// memo): a reader, or a crash, sees the old content or the new, never a part.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

namespace evo::host {

enum class if_present { replace, refuse };

// Writes `text` to `file` through a temporary file beside it (given `mode`), synced, then
// renamed into place. Returns 0, or the errno of the step that failed: EEXIST when `present`
// is refuse and `file` exists (checked by the rename itself, so a file created meanwhile
// survives). The temporary file never outlives the call.
int write_file_atomically(const std::filesystem::path& file, std::string_view text,
                          mode_t mode = 0644, if_present present = if_present::replace);

} // namespace evo::host
