// The size a binary would ship at: strip a copy into a temporary file and measure that.
#pragma once

#include <cstdint>
#include <filesystem>

namespace evo::startup_bench {

// Throws std::runtime_error when strip is missing or fails.
std::uintmax_t stripped_size(const std::filesystem::path& binary);

} // namespace evo::startup_bench
