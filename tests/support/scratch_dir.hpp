// A fresh directory under $TMPDIR (or /tmp) for one test, removed with everything in it.
#pragma once

#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>

namespace evo::test {

class scratch_dir {
  public:
    scratch_dir();
    ~scratch_dir();
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    const std::filesystem::path& path() const noexcept { return path_; }
    // path()/name as a string, for APIs that take one.
    std::string file(std::string_view name) const { return (path_ / name).string(); }
    // Writes `text` to path()/relative, creating parent directories; returns the full path.
    std::filesystem::path write(const std::string& relative, const std::string& text) const;

  private:
    std::filesystem::path path_;
};

// Dates `file` `seconds` past the epoch (access and modification), as an installed file is
// dated long ago: evo remembers nothing about a file modified a moment ago. Throws
// std::system_error when it cannot.
void set_mtime(const std::filesystem::path& file, time_t seconds);

} // namespace evo::test
