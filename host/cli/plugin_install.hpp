// evo plugins install FILE [--force]: a built plugin checked exactly as the loader will, then
// copied into the user's plugin directory, where any manifest finds it by name.
#pragma once

#include <string>

namespace evo::cli {

// 0 when installed (or already there, byte for byte); exit 2 with one line per problem, and
// nothing written, when the file fails a check or would replace a different plugin without
// `force`.
int install_plugin(const std::string& file, bool force);

} // namespace evo::cli
