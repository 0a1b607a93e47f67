#include <evo/host/process.hpp>

#include <evo/host/call.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <system_error>
#include <utility>

extern char** environ;

namespace evo::host {
namespace {

class pipe_pair {
public:
    pipe_pair() {
        if (pipe2(fds_, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    }
    ~pipe_pair() { close_read(), close_write(); }
    int read_end() const { return fds_[0]; }
    int write_end() const { return fds_[1]; }
    void close_read() { if (fds_[0] >= 0) ::close(fds_[0]), fds_[0] = -1; }
    void close_write() { if (fds_[1] >= 0) ::close(fds_[1]), fds_[1] = -1; }
    int release_read() { return std::exchange(fds_[0], -1); }
    int release_write() { return std::exchange(fds_[1], -1); }

private:
    int fds_[2] = {-1, -1};
};

void limit(int resource, uint64_t value) {
    if (!value) return;
    rlimit r{static_cast<rlim_t>(value), static_cast<rlim_t>(value)};
    setrlimit(resource, &r);
}

// In the child between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(const process_spec& spec, const std::string& path, char* const* argv, pipe_pair& in,
                             pipe_pair& out, pipe_pair& err, int status_fd) {
    setpgid(0, 0);
    dup2(in.read_end(), 0);
    dup2(out.write_end(), 1);
    dup2(err.write_end(), 2);
    limit(RLIMIT_AS, spec.memory_limit_bytes);
    limit(RLIMIT_CPU, spec.cpu_limit_seconds);
    limit(RLIMIT_FSIZE, spec.file_size_limit_bytes);
    limit(RLIMIT_NPROC, spec.process_limit);
    signal(SIGPIPE, SIG_DFL);
    execve(path.c_str(), argv, environ);
    int e = errno;
    (void)!write(status_fd, &e, sizeof e);
    _exit(127);
}

class io_loop {
public:
    io_loop(std::string_view input, int in_fd, int out_fd, int err_fd, const output_fn& on_out, const output_fn& on_err)
        : input_(input), on_out_(on_out), on_err_(on_err) {
        fds_[0] = {in_fd, POLLOUT, 0};
        fds_[1] = {out_fd, POLLIN, 0};
        fds_[2] = {err_fd, POLLIN, 0};
        if (input_.empty()) close_input();
        for (auto& f : fds_) fcntl(f.fd, F_SETFL, fcntl(f.fd, F_GETFL) | O_NONBLOCK);
    }
    bool open() const { return fds_[1].fd >= 0 || fds_[2].fd >= 0; }

    void step(int wait_ms) {
        if (poll(fds_, 3, wait_ms) <= 0) return;
        if (fds_[0].fd >= 0 && (fds_[0].revents & (POLLOUT | POLLERR | POLLHUP))) write_input();
        drain(fds_[1], on_out_);
        drain(fds_[2], on_err_);
    }
    void close_all() {
        for (auto& f : fds_)
            if (f.fd >= 0) ::close(f.fd), f.fd = -1;
    }

private:
    std::string_view input_;
    const output_fn& on_out_;
    const output_fn& on_err_;
    pollfd fds_[3];

    void close_input() { if (fds_[0].fd >= 0) ::close(fds_[0].fd), fds_[0].fd = -1; }

    void write_input() {
        ssize_t n = ::write(fds_[0].fd, input_.data(), std::min<std::size_t>(input_.size(), 1 << 16));
        if (n > 0) input_.remove_prefix(static_cast<std::size_t>(n));
        if (n < 0 && errno != EAGAIN && errno != EINTR) input_ = {};
        if (input_.empty()) close_input();
    }

    static void drain(pollfd& f, const output_fn& sink) {
        if (f.fd < 0 || !(f.revents & (POLLIN | POLLHUP | POLLERR))) return;
        char buffer[65536];
        for (;;) {
            ssize_t n = ::read(f.fd, buffer, sizeof buffer);
            if (n > 0) {
                if (sink) sink({buffer, static_cast<std::size_t>(n)});
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
            ::close(f.fd);
            f.fd = -1;
            return;
        }
    }
};

int64_t effective_deadline(const process_spec& spec, const evo_call* call) {
    int64_t deadline = call_deadline(call);
    if (spec.timeout_ms > 0) {
        int64_t own = now_unix_ms() + spec.timeout_ms;
        deadline = deadline ? std::min(deadline, own) : own;
    }
    return deadline;
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

std::vector<std::string> sandbox_argv(const std::vector<std::string>& argv) {
    std::vector<std::string> out{"bwrap",         "--unshare-all", "--die-with-parent", "--new-session",
                                 "--cap-drop",    "ALL",           "--clearenv",        "--ro-bind",
                                 "/",             "/",             "--tmpfs",           "/tmp",
                                 "--proc",        "/proc",         "--dev",             "/dev",
                                 "--setenv",      "PATH",          "/usr/local/bin:/usr/bin:/bin",
                                 "--setenv",      "HOME",          "/tmp",              "--chdir",
                                 "/tmp",          "--"};
    out.insert(out.end(), argv.begin(), argv.end());
    return out;
}

process_status run_process(const process_spec& spec, const evo_call* call, const output_fn& on_stdout,
                           const output_fn& on_stderr) {
    std::vector<std::string> argv = spec.sandbox ? sandbox_argv(spec.argv) : spec.argv;
    if (argv.empty()) throw std::system_error(EINVAL, std::generic_category(), "empty command");
    std::string path = find_in_path(argv[0]);
    if (path.empty()) throw std::system_error(ENOENT, std::generic_category(), argv[0] + ": command not found");
    std::vector<char*> raw;
    for (auto& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);

    pipe_pair in, out, err, exec_status;
    pid_t pid = fork();
    if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (pid == 0) exec_child(spec, path, raw.data(), in, out, err, exec_status.write_end());
    setpgid(pid, pid); // also from the parent, so a kill cannot race the child's own call
    in.close_read(), out.close_write(), err.close_write(), exec_status.close_write();

    int exec_errno = 0;
    if (::read(exec_status.read_end(), &exec_errno, sizeof exec_errno) == sizeof exec_errno) {
        waitpid(pid, nullptr, 0);
        throw std::system_error(exec_errno, std::generic_category(), "cannot run " + argv[0]);
    }

    process_status status;
    int64_t deadline = effective_deadline(spec, call);
    io_loop io(spec.stdin_data, in.release_write(), out.release_read(), err.release_read(), on_stdout, on_stderr);
    int wstatus = 0;
    bool exited = false;
    while (io.open() || !exited) {
        if (deadline && now_unix_ms() >= deadline) status.timed_out = true;
        if (call_cancelled(call)) status.cancelled = true;
        if (status.timed_out || status.cancelled) {
            kill(-pid, SIGKILL);
            break;
        }
        io.step(exited ? 10 : 50);
        if (!exited && waitpid(pid, &wstatus, WNOHANG) == pid) {
            exited = true;
            kill(-pid, SIGKILL); // leftovers of the group must not hold the pipes open
        }
    }
    io.close_all();
    if (!exited)
        while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(wstatus)) status.exit_code = WEXITSTATUS(wstatus);
    if (WIFSIGNALED(wstatus)) status.term_signal = WTERMSIG(wstatus);
    return status;
}

} // namespace evo::host
