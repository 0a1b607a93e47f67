// XDG_CACHE_HOME pointed at a fresh scratch directory while the object lives, for this process
// and the evo processes it runs: the shipped manifests cache on disk, and a bench must neither
// fill the user's cache nor be served from it. EVO_LOG=off too: nor write the user's attempt
// log. The previous values come back at the end.
#pragma once

#include <evo/bench/scratch_dir.hpp>

#include <optional>
#include <string>

namespace evo::bench {

class scratch_cache_home {
  public:
    // `prefix` names the directory (see scratch_dir); throws std::runtime_error when it cannot
    // be made.
    explicit scratch_cache_home(const std::string& prefix);
    ~scratch_cache_home();
    scratch_cache_home(const scratch_cache_home&) = delete;
    scratch_cache_home& operator=(const scratch_cache_home&) = delete;

  private:
    scratch_dir dir_;
    std::optional<std::string> previous_, previous_log_;
};

} // namespace evo::bench
