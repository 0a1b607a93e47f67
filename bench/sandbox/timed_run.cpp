#include "timed_run.hpp"

#include <fcntl.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <stdexcept>
#include <system_error>

namespace evo::sandbox_bench {
namespace {

[[noreturn]] void exec_child(const command& c, char* const* argv, int out) {
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0), dup2(out, 1), dup2(null, 2);
    if (c.identity && (setgroups(0, nullptr) != 0 || setgid(c.identity->gid) != 0 || setuid(c.identity->uid) != 0))
        _exit(126);
    execv(argv[0], argv);
    _exit(127);
}

} // namespace

double timed_run(const command& c) {
    std::vector<std::string> words = c.argv;
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (pid == 0) exec_child(c, argv.data(), out[1]);
    close(out[1]);
    // Until the end of stdout: bwrap exits as soon as the command did, while the sandbox's
    // init (which holds stdout) is still tearing the namespaces down; evo waits for that, so
    // the plain bwrap row must too.
    char buffer[4096];
    for (ssize_t n; (n = read(out[0], buffer, sizeof buffer)) != 0;)
        if (n < 0 && errno != EINTR) break;
    close(out[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
    const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error(c.label + " failed (wait status " + std::to_string(status) + ")");
    return elapsed.count();
}

} // namespace evo::sandbox_bench
