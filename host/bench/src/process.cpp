// fork rather than posix_spawn: ru_maxrss is the high-water mark of the child's whole life,
// including the memory image it had before exec. After fork that image holds only evo's
// private pages, fewer than any process measured here uses; posix_spawn's vfork shares all of
// evo's memory, and measured /bin/true at twice what fork does.
#include <evo/bench/process.hpp>

#include "bench_error.hpp"
#include "interrupt.hpp"

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

namespace evo::bench {
namespace {

class file_descriptor {
  public:
    explicit file_descriptor(int fd = -1) : fd_(fd) {}
    ~file_descriptor() { reset(); }
    file_descriptor(const file_descriptor&) = delete;
    file_descriptor& operator=(const file_descriptor&) = delete;
    file_descriptor& operator=(file_descriptor&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    int get() const { return fd_; }
    void reset() {
        if (fd_ >= 0) close(fd_);
        fd_ = -1;
    }

  private:
    int fd_;
};

struct pipe_ends {
    file_descriptor read;
    file_descriptor write;
};

void make_pipe(pipe_ends& ends) {
    std::array<int, 2> fds{};
    if (pipe2(fds.data(), O_CLOEXEC) != 0)
        throw bench_error(std::string("cannot create a pipe: ") + std::strerror(errno));
    ends.read = file_descriptor(fds[0]);
    ends.write = file_descriptor(fds[1]);
}

// Only async-signal-safe calls between fork and exec.
[[noreturn]] void exec_child(char* const* argv, int stdin_fd, int stdout_fd, int stderr_fd) {
    setpgid(0, 0);
    dup2(stdin_fd, STDIN_FILENO);
    dup2(stdout_fd, STDOUT_FILENO);
    dup2(stderr_fd, STDERR_FILENO);
    execv(argv[0], argv);
    _exit(127);
}

// Reads both pipes to end of file, whichever the child writes first.
void drain(pipe_ends& out, pipe_ends& err, std::string& out_text, std::string& err_text) {
    std::array<pollfd, 2> fds{pollfd{out.read.get(), POLLIN, 0}, pollfd{err.read.get(), POLLIN, 0}};
    std::array<std::string*, 2> texts{&out_text, &err_text};
    std::array<char, 65536> buffer{};
    int open_count = 2;
    while (open_count > 0) {
        if (poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            throw bench_error(std::string("poll failed: ") + std::strerror(errno));
        }
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            const ssize_t count = read(fds[i].fd, buffer.data(), buffer.size());
            if (count > 0) {
                texts[i]->append(buffer.data(), static_cast<std::size_t>(count));
            } else if (count == 0 || errno != EINTR) {
                fds[i].fd = -1;
                --open_count;
            }
        }
    }
}

int exit_code_of(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

} // namespace

process_result run_process(const std::vector<std::string>& argv, output_mode mode) {
    std::vector<char*> args;
    for (const std::string& arg : argv)
        args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);

    const file_descriptor null_device(open("/dev/null", O_RDWR | O_CLOEXEC));
    if (null_device.get() < 0)
        throw bench_error(std::string("cannot open /dev/null: ") + std::strerror(errno));
    pipe_ends out, err;
    if (mode == output_mode::capture) {
        make_pipe(out);
        make_pipe(err);
    }
    const int stdout_fd = mode == output_mode::capture ? out.write.get() : null_device.get();
    const int stderr_fd = mode == output_mode::capture ? err.write.get() : null_device.get();

    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) throw bench_error(std::string("fork failed: ") + std::strerror(errno));
    if (pid == 0) exec_child(args.data(), null_device.get(), stdout_fd, stderr_fd);
    const current_child child(pid);

    process_result result;
    if (mode == output_mode::capture) {
        out.write.reset();
        err.write.reset();
        drain(out, err, result.out, result.err);
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) throw bench_error(std::string("wait4 failed: ") + std::strerror(errno));
    }
    result.wall_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    result.exit_code = exit_code_of(status);
    result.max_rss_kib = static_cast<double>(usage.ru_maxrss);
    if (result.exit_code == 127 && result.out.empty() && result.err.empty())
        throw bench_error("cannot run " + argv.front());
    return result;
}

std::string describe_failure(const std::string& name, const process_result& result) {
    std::string message = name + " exited with " + std::to_string(result.exit_code);
    std::string_view err = result.err;
    while (!err.empty() && (err.back() == '\n' || err.back() == '\r'))
        err.remove_suffix(1);
    if (const auto newline = err.rfind('\n'); newline != std::string_view::npos)
        err.remove_prefix(newline + 1);
    if (!err.empty()) message += ": " + std::string(err);
    return message;
}

} // namespace evo::bench
