// SHA-256, for cache keys and content hashes (FIPS 180-4).
#pragma once

#include <string>
#include <string_view>

namespace evo::host {

// The lowercase hex digest of `data`.
std::string sha256_hex(std::string_view data);

} // namespace evo::host
