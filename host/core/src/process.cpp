#include <evo/host/process.hpp>

#include "child_environment.hpp"
#include "memory_files.hpp"
#include "process_io.hpp"

#include <evo/host/call.hpp>
#include <evo/host/sandbox.hpp>

#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace evo::host {
namespace {

class pipe_pair {
public:
    pipe_pair() {
        if (pipe2(fds_, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    }
    ~pipe_pair() { close_read(), close_write(); }
    pipe_pair(const pipe_pair&) = delete;
    pipe_pair& operator=(const pipe_pair&) = delete;
    int read_end() const { return fds_[0]; }
    int write_end() const { return fds_[1]; }
    void close_read() { if (fds_[0] >= 0) ::close(fds_[0]), fds_[0] = -1; }
    void close_write() { if (fds_[1] >= 0) ::close(fds_[1]), fds_[1] = -1; }
    int release_read() { return std::exchange(fds_[0], -1); }
    int release_write() { return std::exchange(fds_[1], -1); }

private:
    int fds_[2] = {-1, -1};
};

// Owns a started child: unless its status was collected, destruction kills its whole process
// group and reaps it, so no early return or exception leaves a process running.
class child_guard {
public:
    // The pidfd lets the supervisor sleep in poll() until the exit itself rather than wake up
    // to check; without one (old kernels) it polls at a short interval.
    explicit child_guard(pid_t pid) : pid_(pid), pidfd_(static_cast<int>(syscall(SYS_pidfd_open, pid, 0))) {}
    ~child_guard() {
        if (!reaped_) {
            kill_group();
            wait();
        }
        if (pidfd_ >= 0) ::close(pidfd_);
    }
    child_guard(const child_guard&) = delete;
    child_guard& operator=(const child_guard&) = delete;

    void kill_group() const { kill(-pid_, SIGKILL); }
    bool reaped() const { return reaped_; }
    int exit_fd() const { return reaped_ ? -1 : pidfd_; }
    int status() const { return status_; }
    bool try_reap() { return collect(WNOHANG); }
    void wait() {
        if (!reaped_) collect(0);
    }

private:
    bool collect(int options) {
        pid_t got;
        while ((got = waitpid(pid_, &status_, options)) < 0 && errno == EINTR) {}
        reaped_ = got == pid_ || (got < 0 && errno == ECHILD);
        return reaped_;
    }

    pid_t pid_;
    int pidfd_;
    int status_ = 0;
    bool reaped_ = false;
};

// What the child executes: the program itself, or bwrap running it.
struct launch_plan {
    std::string path; // what execve runs
    std::vector<std::string> argv;
    std::vector<std::string> env;
    std::optional<run_as> identity;
    process_spec limits; // the spec with the sandbox's defaults filled in
};

void fill_sandbox_defaults(process_spec& s) {
    if (!s.memory_limit_bytes) s.memory_limit_bytes = sandbox_defaults.memory_bytes;
    if (!s.file_size_limit_bytes) s.file_size_limit_bytes = sandbox_defaults.file_size_bytes;
    if (!s.open_file_limit) s.open_file_limit = sandbox_defaults.open_files;
    if (!s.cpu_limit_seconds) s.cpu_limit_seconds = sandbox_defaults.cpu_seconds;
    // RLIMIT_NPROC counts every process of the real uid: for a user running evo that is their
    // whole session, so only the caller's explicit limit applies; as root the sandbox runs as
    // nobody, whose count starts near zero.
    if (!s.process_limit && geteuid() == 0) s.process_limit = sandbox_defaults.processes;
}

launch_plan plan(const process_spec& spec, const memory_files& files) {
    if (spec.argv.empty()) throw std::system_error(EINVAL, std::generic_category(), "empty command");
    if (!spec.sandbox && !spec.sandbox_files.empty())
        throw std::invalid_argument("files for the sandbox's work directory need the sandbox");
    launch_plan p{"", spec.argv, child_environment(spec.granted_env), std::nullopt, spec};
    if (spec.sandbox) {
        sandbox_launch launch =
            prepare_sandbox({spec.argv, spec.granted_env, spec.read_only_paths, files.request()});
        p.argv = std::move(launch.argv);
        p.path = p.argv[0];
        p.identity = launch.identity;
        fill_sandbox_defaults(p.limits);
    } else {
        p.path = find_in_path(spec.argv[0]);
        if (p.path.empty()) throw command_not_found(spec.argv[0] + ": command not found");
    }
    return p;
}

void limit(int resource, uint64_t value) {
    if (!value) return;
    rlimit r{static_cast<rlim_t>(value), static_cast<rlim_t>(value)};
    setrlimit(resource, &r);
}

[[noreturn]] void fail_exec(int status_fd) {
    int e = errno;
    (void)!write(status_fd, &e, sizeof e);
    _exit(127);
}

// The child's ends of its pipes; absent where it inherits evo's own stream.
struct child_streams {
    const pipe_pair& in;
    const std::optional<pipe_pair>& out;
    const std::optional<pipe_pair>& err;
    const std::vector<int>& bwrap_inherits; // the sandbox's files
};

// In the child between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(const launch_plan& p, char* const* argv, char* const* envp, const child_streams& io,
                             int status_fd) {
    setpgid(0, 0);
    if (!p.limits.inherit_stdin) dup2(io.in.read_end(), 0);
    if (io.out) dup2(io.out->write_end(), 1);
    if (io.err) dup2(io.err->write_end(), 2);
    // Nothing else evo holds open (plugins' sockets, the log database) reaches the program;
    // bwrap alone gets the sandbox's files, which it copies in and closes before the program runs.
    syscall(SYS_close_range, 3u, ~0u, CLOSE_RANGE_CLOEXEC);
    for (int fd : io.bwrap_inherits) fcntl(fd, F_SETFD, 0);
    const process_spec& s = p.limits;
    limit(RLIMIT_AS, s.memory_limit_bytes);
    limit(RLIMIT_CPU, s.cpu_limit_seconds);
    limit(RLIMIT_FSIZE, s.file_size_limit_bytes);
    limit(RLIMIT_NOFILE, s.open_file_limit);
    limit(RLIMIT_NPROC, s.process_limit);
    if (s.sandbox) {
        // No core dumps: a core_pattern pipe would hand the sandboxed memory to a host helper.
        rlimit none{0, 0};
        setrlimit(RLIMIT_CORE, &none);
    }
    if (p.identity && (setgroups(0, nullptr) != 0 || setgid(p.identity->gid) != 0 || setuid(p.identity->uid) != 0))
        fail_exec(status_fd);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    signal(SIGPIPE, SIG_DFL);
    execve(p.path.c_str(), argv, envp);
    fail_exec(status_fd);
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> raw;
    for (auto& s : strings) raw.push_back(s.data());
    raw.push_back(nullptr);
    return raw;
}

int64_t effective_deadline(const process_spec& spec, const evo_call* call) {
    int64_t deadline = call_deadline(call);
    if (spec.timeout_ms > 0) {
        int64_t own = now_unix_ms() + spec.timeout_ms;
        deadline = deadline ? std::min(deadline, own) : own;
    }
    return deadline;
}

// How long one wait may last: until the deadline, and short enough to notice a cancellation.
int wait_ms(int64_t deadline, bool have_exit_fd) {
    int64_t wait = have_exit_fd ? 50 : 5;
    if (deadline) wait = std::clamp<int64_t>(deadline - now_unix_ms(), 0, wait);
    return static_cast<int>(wait);
}

// Pumps I/O until the child exited and its output ended, or a reason to stop came up.
void supervise(child_guard& child, process_io& io, int64_t deadline, const evo_call* call, process_status& status) {
    io.watch_exit(child.exit_fd());
    while (io.open() || !child.reaped()) {
        if (deadline && now_unix_ms() >= deadline) status.timed_out = true;
        if (call_cancelled(call)) status.cancelled = true;
        if (status.timed_out || status.cancelled || status.stopped) break;
        if (!io.step(wait_ms(deadline, child.exit_fd() >= 0))) status.stopped = true;
        // Once it exited, leftovers of the group must not hold the pipes open. The end of
        // its output is awaited: in the sandbox, the namespace's init holds the pipes until
        // every process of the sandbox is gone, so nothing of it outlives this call (and
        // none of them still counts against the sandbox uid's RLIMIT_NPROC).
        if (!child.reaped() && child.try_reap()) {
            io.watch_exit(-1);
            child.kill_group();
        }
    }
}

} // namespace

std::string find_in_path(const std::string& program) {
    if (program.find('/') != std::string::npos) return access(program.c_str(), X_OK) == 0 ? program : "";
    const char* path = std::getenv("PATH");
    std::string_view rest = path ? path : "/usr/local/bin:/usr/bin:/bin";
    while (!rest.empty()) {
        auto colon = rest.find(':');
        std::string candidate = std::string(rest.substr(0, colon)) + "/" + program;
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
        rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    }
    return "";
}

process_status run_process(const process_spec& spec, const evo_call* call, const output_fn& on_stdout,
                           const output_fn& on_stderr) {
    const memory_files files(spec.sandbox_files);
    launch_plan p = plan(spec, files);
    std::vector<char*> argv = c_strings(p.argv), envp = c_strings(p.env);

    pipe_pair in, exec_status;
    std::optional<pipe_pair> out, err;
    if (!spec.inherit_output) out.emplace(), err.emplace();
    pid_t pid = fork();
    if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (pid == 0) exec_child(p, argv.data(), envp.data(), {in, out, err, files.fds()}, exec_status.write_end());
    child_guard child(pid);
    setpgid(pid, pid); // also from the parent, so a kill cannot race the child's own call
    in.close_read(), exec_status.close_write();
    if (out) out->close_write(), err->close_write();

    process_status status;
    process_io io(spec.stdin_data, spec.inherit_stdin ? -1 : in.release_write(), out ? out->release_read() : -1,
                  err ? err->release_read() : -1, on_stdout, on_stderr, spec.output_limit_bytes);
    supervise(child, io, effective_deadline(spec, call), call, status);
    child.kill_group();
    io.close_all();
    child.wait();
    // Whether exec failed is read only now, so starting a program costs the caller no wait
    // of its own (on a loaded machine each wake-up can cost milliseconds): a failed exec
    // exits at once and the loop above ends with it.
    int exec_errno = 0;
    if (::read(exec_status.read_end(), &exec_errno, sizeof exec_errno) == sizeof exec_errno)
        throw std::system_error(exec_errno, std::generic_category(), "cannot run " + p.path);
    int wstatus = child.status();
    if (WIFEXITED(wstatus)) status.exit_code = WEXITSTATUS(wstatus);
    if (WIFSIGNALED(wstatus)) status.term_signal = WTERMSIG(wstatus);
    status.stdout_dropped = io.stdout_dropped();
    status.stderr_dropped = io.stderr_dropped();
    return status;
}

} // namespace evo::host
