// Which manifests the user has trusted. A manifest found implicitly (./evo.toml) may come from
// a repository being vetted, and its plugin_path would make evo load that repository's own
// code; evo uses one only after `evo trust`, as direnv uses an .envrc only after `direnv allow`.
// What is trusted is the content: the SHA-256 of the file's bytes, recorded with its canonical
// path, so an edit makes it untrusted again.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

// $XDG_STATE_HOME/evo/trusted, or ~/.local/state/evo/trusted when XDG_STATE_HOME is unset,
// empty or relative (the XDG spec ignores relative paths); throws config_error without either.
std::filesystem::path default_trust_file();

// One line per trusted manifest, "SHA256  PATH", as sha256sum writes them.
class trust_store {
  public:
    explicit trust_store(std::filesystem::path file);

    const std::filesystem::path& file() const noexcept { return file_; }
    // The hash recorded for `canonical`, if any.
    std::optional<std::string> recorded(const std::filesystem::path& canonical) const;
    // Records (or replaces) the hash of `canonical`.
    void trust(const std::filesystem::path& canonical, const std::string& sha256);
    // Forgets `canonical`; false when it was not recorded.
    bool revoke(const std::filesystem::path& canonical);

  private:
    struct entry {
        std::string sha256;
        std::filesystem::path path;
    };
    std::vector<entry> read() const;
    // Replaces the file at once (a temporary file in the same directory, then rename), 0600.
    void write(const std::vector<entry>& entries) const;

    std::filesystem::path file_;
};

// The SHA-256 of a manifest's bytes, as recorded in the store.
std::string manifest_digest(std::string_view text);

} // namespace evo::host
