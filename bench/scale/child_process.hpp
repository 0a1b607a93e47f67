// A program bench-scale starts and watches while it runs: an `evo worker`, or the client whose
// batch the workers serve. Ended by its process id alone (SIGTERM, then SIGKILL) when the
// object goes away, whatever happened.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace evo::scale_bench {

class child_process {
  public:
    // argv[0] is a path; stdin is /dev/null, stdout and stderr go to `log_file` (appended).
    // Throws std::runtime_error when it cannot start.
    child_process(const std::vector<std::string>& argv, const std::string& log_file);
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    // Its exit code once it has ended (128 + signal for a signal); nullopt while it runs.
    std::optional<int> exit_code();
    // SIGTERM, and SIGKILL if it has not ended within `grace`; waits for it.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

  private:
    pid_t pid_ = -1;
    std::optional<int> exit_code_;
};

} // namespace evo::scale_bench
