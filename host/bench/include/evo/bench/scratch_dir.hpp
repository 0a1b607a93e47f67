// A directory of a bench program's own under the temporary directory, removed with everything
// in it when the object goes away.
#pragma once

#include <filesystem>
#include <string>

namespace evo::bench {

class scratch_dir {
  public:
    // `prefix` names the directory (PREFIX.XXXXXX); throws std::runtime_error when it cannot be
    // made.
    explicit scratch_dir(const std::string& prefix);
    ~scratch_dir();
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    const std::filesystem::path& path() const noexcept { return path_; }

  private:
    std::filesystem::path path_;
};

} // namespace evo::bench
