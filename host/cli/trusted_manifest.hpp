// Reading a manifest whose use needs the user's trust (./evo.toml, found implicitly), and the
// bytes `evo trust` records. The bytes hashed are the bytes parsed: read once, never twice.
#pragma once

#include <filesystem>
#include <string>

namespace evo::cli {

struct manifest_bytes {
    std::filesystem::path canonical; // symbolic links and ".." resolved
    std::string text;
};

// Reads a manifest file (a regular file only: a FIFO named as the manifest is refused, not
// waited on); throws config_error.
manifest_bytes read_manifest_bytes(const std::filesystem::path& path);

// The text of `path` if the trust store records its current content; otherwise throws
// config_error with one line that says how to trust it.
std::string read_trusted_manifest(const std::filesystem::path& path);

// `path` as it can be pasted into a shell.
std::string shell_word(const std::filesystem::path& path);

} // namespace evo::cli
