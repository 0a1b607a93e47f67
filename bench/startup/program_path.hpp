// Finding a program the way a shell does, for commands given by name (python3, strip).
#pragma once

#include <filesystem>
#include <string_view>

namespace evo::startup_bench {

// The first executable `name` in $PATH; empty when there is none.
std::filesystem::path find_on_path(std::string_view name);

} // namespace evo::startup_bench
