// What a validator's identity() said, remembered across runs while the files it depends on
// stay as they were, so that a run answered from a cache starts no tool to learn its version.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace evo::host {

// A file as stat() (following symlinks) sees it; a missing file is a stamp too, so a tool that
// appears where there was none is a change.
struct file_stamp {
    std::string path;
    bool exists = false;
    uint64_t size = 0, mtime_ns = 0, inode = 0, device = 0;

    bool operator==(const file_stamp&) const = default;
};

file_stamp stamp_of(const std::string& path);

// The memo file: $XDG_CACHE_HOME/evo/identities.json, else $HOME/.cache/evo/identities.json;
// empty when neither is set (then nothing is remembered).
std::filesystem::path default_identity_memo_file();

// The key of one instance's entry: its plugin file (path and stamp), its resolved configuration,
// PATH (where the tools it names by name are looked up) and the working directory.
std::string identity_memo_key(const std::filesystem::path& plugin_file,
                              const std::string& config_json);

// One JSON file of entries key -> (text, the stamps of the files the text depends on). Read once
// per process; written whole to a temporary file renamed over it, so concurrent evo processes
// never see a torn file (the last writer wins; an entry it lost is recomputed next time). A
// file that cannot be read or parsed is as good as empty, and rewritten at the next entry.
class identity_memo {
  public:
    explicit identity_memo(std::filesystem::path file);

    // The text remembered for `key`, when every file it depends on still has its stamp.
    std::optional<std::string> find(const std::string& key);
    // Remembers `text` for `key` with the stamps its files had before the text was computed
    // (a file changed meanwhile then misses next time). Not when a file was modified in the
    // last two seconds: a rewrite within its timestamp's granularity could go unseen. Failing
    // to write (a read-only cache directory) only means computing it again next time.
    void remember(const std::string& key, const std::string& text, std::vector<file_stamp> files);

    const std::filesystem::path& file() const noexcept { return file_; }

  private:
    struct entry {
        std::string text;
        std::vector<file_stamp> files;
        int64_t written = 0; // seconds since the epoch: the oldest go first past the cap
    };
    using entries = std::vector<std::pair<std::string, entry>>;
    static entries read(const std::filesystem::path& file);
    void write(const entries& all) const;

    std::filesystem::path file_;
    std::mutex mutex_;
    std::optional<entries> loaded_;
};

// The process's memo, on default_identity_memo_file(): one per process, read at its first use.
identity_memo& process_identity_memo();

} // namespace evo::host
