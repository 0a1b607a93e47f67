// The contents of a sandbox's files as anonymous memory files (memfd), which bubblewrap
// inherits and copies into the sandbox: nothing is written to the host's disk, and no host
// path has to be readable by the sandbox's unprivileged uid.
#pragma once

#include <evo/host/process.hpp>
#include <evo/host/sandbox.hpp>

#include <vector>

namespace evo::host {

class memory_files {
  public:
    // Checks every name first (std::invalid_argument), then makes one close-on-exec memfd per
    // file, positioned at its start and numbered 3 or above (0-2 are the child's streams).
    explicit memory_files(const std::vector<sandbox_file>& files);
    ~memory_files();
    memory_files(const memory_files&) = delete;
    memory_files& operator=(const memory_files&) = delete;

    // What prepare_sandbox needs; valid while this object lives.
    const std::vector<sandbox_data_file>& request() const { return request_; }
    // The descriptors the child must let bwrap inherit.
    const std::vector<int>& fds() const { return fds_; }

  private:
    std::vector<sandbox_data_file> request_;
    std::vector<int> fds_;
};

} // namespace evo::host
