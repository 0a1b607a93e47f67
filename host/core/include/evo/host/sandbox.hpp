// The host's sandbox: the bubblewrap command line that runs a program with no network, no
// capabilities, a clean environment, only the system's programs and libraries read-only, and
// fresh tmpfs directories to write in. run_process (process.hpp) applies the limits and the
// timeout; this file decides what the program can see. See docs/sandbox.md.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace evo::host {

// Bubblewrap is not installed (or not in PATH), or cannot build the sandbox here: nothing
// runs unsandboxed in its place.
class sandbox_unavailable : public std::system_error {
  public:
    sandbox_unavailable(); // bwrap is missing
    explicit sandbox_unavailable(const std::string& message);
    const char* what() const noexcept override { return message_.c_str(); }

  private:
    std::string message_;
};

// Content bubblewrap copies from a descriptor it inherits into /sandbox/NAME, read-only.
struct sandbox_data_file {
    std::string name; // a plain file name (require_plain_file_name)
    int fd;           // read from its current offset to the end
    bool executable = false;
};

struct sandbox_request {
    std::vector<std::string> argv;            // argv[0] is looked up in the sandbox's PATH
    std::vector<std::string> granted_env;     // names copied from the host's environment
    std::vector<std::string> read_only_paths; // extra host paths, bound read-only in place
    std::vector<sandbox_data_file> data_files = {}; // the caller keeps the fds open across exec
};

// Throws std::invalid_argument unless `name` is one file name in the work directory: not
// empty, no '/', not "." or "..", no NUL.
void require_plain_file_name(std::string_view name);

// The identity the sandbox runs as when evo is root: RLIMIT_NPROC does not bind uid 0, and
// an unprivileged bubblewrap makes its own user namespace.
struct run_as {
    uid_t uid;
    gid_t gid;
};

struct sandbox_launch {
    std::vector<std::string> argv; // bwrap's full command line, argv[0] an absolute path
    std::optional<run_as> identity; // drop to this before exec'ing bwrap
};

// Limits the sandbox applies where the caller gave none (0).
struct sandbox_limits {
    uint64_t memory_bytes = uint64_t{2} << 30; // RLIMIT_AS
    uint32_t processes = 256;                   // RLIMIT_NPROC, only when evo is root
    uint32_t open_files = 256;                  // RLIMIT_NOFILE
    uint32_t cpu_seconds = 300;                 // RLIMIT_CPU, per process: a backstop behind the timeout
    uint64_t file_size_bytes = uint64_t{256} << 20; // RLIMIT_FSIZE, also each tmpfs's size
};
inline constexpr sandbox_limits sandbox_defaults{};

inline constexpr const char* sandbox_work_dir = "/sandbox";
inline constexpr const char* sandbox_path = "/usr/local/bin:/usr/bin:/bin";
// When evo is root, each sandbox runs as its own uid from this range (no such user exists):
// RLIMIT_NPROC counts every process of a uid machine-wide, so sandboxes sharing one uid
// (nobody) would share one process budget, and one sandbox's fork bomb, or the zombies of
// sandboxes a lazy pid 1 has not reaped, would starve the others.
inline constexpr uid_t sandbox_first_id = 2'000'000'000;
inline constexpr uid_t sandbox_id_count = 100'000'000;
bool is_sandbox_id(uid_t id);

// Throws sandbox_unavailable without bwrap, and command_not_found (process.hpp) when argv[0]
// is not a program the sandbox can see.
sandbox_launch prepare_sandbox(const sandbox_request& request);

// The launch as one command line, for a caller that executes it itself rather than through
// run_process (a plugin's long-lived workers, through the sandbox_command service): when the
// launch has an identity, it is prefixed with setpriv(1), which drops to it and executes
// bwrap in the same process, so the pid the caller holds is still bwrap's.
std::vector<std::string> command_line(const sandbox_launch& launch);

// What the sandbox_command service answers: require_working_sandbox(), prepare_sandbox(),
// command_line(), with their exceptions.
std::vector<std::string> sandboxed_command_line(const sandbox_request& request);

// Throws sandbox_unavailable, with bubblewrap's own words, when it cannot build the sandbox on
// this machine (e.g. user namespaces are disabled), rather than let a tool's caller read
// bwrap's failure as the tool's verdict. Runs /usr/bin/true in it once per process; cached.
void require_working_sandbox();

} // namespace evo::host
