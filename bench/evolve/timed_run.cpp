#include "timed_run.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace evo::evolve_bench {
namespace {

double ms(const timeval& t) {
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3;
}

// Closes the descriptors and the spawn attributes whatever happens.
struct spawn_resources {
    int out[2] = {-1, -1};
    posix_spawn_file_actions_t actions{};
    ~spawn_resources() {
        for (int fd : out)
            if (fd >= 0) close(fd);
        posix_spawn_file_actions_destroy(&actions);
    }
};

} // namespace

run_result timed_run(const std::vector<std::string>& argv, const std::string& stdin_file) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    spawn_resources r;
    if (pipe2(r.out, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_init(&r.actions);
    posix_spawn_file_actions_addopen(&r.actions, 0, stdin_file.empty() ? "/dev/null" : stdin_file.c_str(),
                                     O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&r.actions, r.out[1], 1);
    posix_spawn_file_actions_addopen(&r.actions, 2, "/dev/null", O_WRONLY, 0);

    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (int e = posix_spawn(&pid, args[0], &r.actions, nullptr, args.data(), environ); e != 0)
        throw std::runtime_error("cannot run " + argv[0] + ": " + std::strerror(e));
    close(r.out[1]), r.out[1] = -1;
    run_result result;
    char buffer[4096];
    for (ssize_t n; (n = read(r.out[0], buffer, sizeof buffer)) != 0;) {
        if (n > 0) result.out.append(buffer, static_cast<std::size_t>(n));
        else if (errno != EINTR) break;
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0)
        if (errno != EINTR) throw std::runtime_error(std::string("wait4: ") + std::strerror(errno));
    const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
    result.wall_ms = elapsed.count();
    result.cpu_ms = ms(usage.ru_utime) + ms(usage.ru_stime);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

} // namespace evo::evolve_bench
