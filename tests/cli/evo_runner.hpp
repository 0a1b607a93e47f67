// Runs the real evo binary as a user would, capturing its exit code, stdout and stderr.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace evo::test {

class scratch_dir;

struct run_result {
    int exit_code = -1;  // 128 + signal when evo died of a signal
    bool killed = false; // evo outlived run_options::kill_after and was killed (SIGKILL)
    std::string out;
    std::string err;

    // stderr split into lines; a last line without '\n' counts too.
    std::vector<std::string> err_lines() const;
};

// Changes to the inherited environment: a value sets the variable, nullopt removes it.
// EVO_MANIFEST and EVO_PLUGIN_PATH are removed and NO_COLOR is set unless a test says otherwise,
// so the caller's shell cannot change the outcome. XDG_CACHE_HOME is a fresh directory of each
// evo process's own (removed with it) unless a test says otherwise: the shipped manifests cache
// on disk, and no test may read the user's cache, fill it, or see what another run left. Two
// runs that are to share a cache name one. EVO_LOG is "off" (no attempt log) unless a test sets
// it or XDG_DATA_HOME.
using environment_changes = std::map<std::string, std::optional<std::string>>;

struct run_options {
    environment_changes env;
    std::filesystem::path cwd;        // empty: the test's own working directory
    std::filesystem::path stdin_file; // empty: /dev/null
    // A bound on the wait, for tests of evo never blocking: after this long evo is killed and
    // the result says so. Zero: wait as long as evo runs.
    std::chrono::seconds kill_after{0};
    // A program (absolute path) and its arguments that evo runs under, e.g. unshare -n for a
    // test that lets code try a remote address: no packet can then leave the machine.
    std::vector<std::string> wrapper;
};

// evo, started and running, for tests that act on it while it runs (send it a signal).
class evo_process {
  public:
    evo_process(const std::vector<std::string>& args, const run_options& options = {});
    ~evo_process(); // kills and reaps an evo that wait() did not
    evo_process(const evo_process&) = delete;
    evo_process& operator=(const evo_process&) = delete;

    pid_t pid() const noexcept { return pid_; }
    // Whether evo has started a process of its own (a tool, a worker) yet.
    bool has_child() const;
    // Reads its output until it exits (or kill_after passes), and reaps it.
    run_result wait();

  private:
    std::unique_ptr<scratch_dir> cache_home_; // its XDG_CACHE_HOME, unless the test chose one
    pid_t pid_ = -1;
    int out_ = -1, err_ = -1;
    std::chrono::seconds kill_after_;
};

run_result run_evo(const std::vector<std::string>& args, const run_options& options = {});

} // namespace evo::test
