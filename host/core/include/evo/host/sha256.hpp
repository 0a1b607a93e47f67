// SHA-256, for cache keys and content hashes (FIPS 180-4).
#pragma once

#include <string>
#include <string_view>

namespace evo::host {

// The lowercase hex digest of `data`.
std::string sha256_hex(std::string_view data);

namespace detail {
// The portable implementation, whatever the CPU offers; and whether sha256_hex uses the CPU's
// SHA instructions instead. For tests that hold one against the other.
std::string sha256_hex_portable(std::string_view data);
bool sha256_accelerated();
} // namespace detail

} // namespace evo::host
