#include "evo_runner.hpp"

#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace evo::test {
namespace {

[[noreturn]] void fail(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

std::vector<std::string> child_environment(const environment_changes& changes) {
    std::map<std::string, std::string> env;
    for (char** entry = environ; *entry; ++entry) {
        std::string text(*entry);
        auto eq = text.find('=');
        if (eq != std::string::npos) env[text.substr(0, eq)] = text.substr(eq + 1);
    }
    environment_changes all{
        {"EVO_MANIFEST", std::nullopt}, {"EVO_PLUGIN_PATH", std::nullopt}, {"NO_COLOR", "1"}};
    for (const auto& [name, value] : changes)
        all[name] = value;
    for (const auto& [name, value] : all) {
        if (value)
            env[name] = *value;
        else
            env.erase(name);
    }
    std::vector<std::string> out;
    for (const auto& [name, value] : env)
        out.push_back(name + "=" + value);
    return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

struct pipe_pair {
    int read_end = -1, write_end = -1;
    pipe_pair() {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) fail("pipe2");
        read_end = fds[0];
        write_end = fds[1];
    }
    ~pipe_pair() {
        if (read_end >= 0) close(read_end);
        if (write_end >= 0) close(write_end);
    }
    void close_write() {
        close(write_end);
        write_end = -1;
    }
};

// Reads both pipes to their end together, so a child filling one cannot block on the other.
// Returns false when `deadline` passed first.
bool drain(int out_fd, std::string& out, int err_fd, std::string& err,
           std::optional<std::chrono::steady_clock::time_point> deadline) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    std::string* sinks[2] = {&out, &err};
    int open_count = 2;
    while (open_count > 0) {
        int timeout_ms = -1;
        if (deadline) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                *deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            timeout_ms = static_cast<int>(left.count());
        }
        int ready = poll(fds, 2, timeout_ms);
        if (ready < 0) {
            if (errno == EINTR) continue;
            fail("poll");
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buffer[4096];
            ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                sinks[i]->append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                fds[i].fd = -1;
                --open_count;
            }
        }
    }
    return true;
}

int wait_for(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) fail("waitpid");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The parent process ID from /proc/PID/stat ("pid (comm) state ppid ..."; comm may hold spaces).
pid_t parent_of(const std::filesystem::path& stat_file) {
    std::ifstream in(stat_file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto close = text.rfind(')');
    if (close == std::string::npos) return -1;
    std::istringstream rest(text.substr(close + 1));
    std::string state;
    pid_t parent = -1;
    rest >> state >> parent;
    return parent;
}

} // namespace

std::vector<std::string> run_result::err_lines() const {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < err.size()) {
        std::size_t end = err.find('\n', start);
        if (end == std::string::npos) end = err.size();
        lines.push_back(err.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

evo_process::evo_process(const std::vector<std::string>& args, const run_options& options)
    : kill_after_(options.kill_after) {
    std::vector<std::string> argv_strings = options.wrapper;
    argv_strings.push_back(evo_binary.string());
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    environment_changes env = options.env;
    if (!env.count("XDG_CACHE_HOME")) {
        cache_home_ = std::make_unique<scratch_dir>();
        env["XDG_CACHE_HOME"] = cache_home_->path().string();
    }
    // The attempt log lives under XDG_DATA_HOME: a test that names one (a scratch store) may
    // read it; any other run logs nothing, never in the user's ~/.local/share/evo/logs.db.
    if (!env.count("XDG_DATA_HOME") && !env.count("EVO_LOG")) env["EVO_LOG"] = "off";
    std::vector<std::string> env_strings = child_environment(env);
    std::vector<char*> argv = c_strings(argv_strings), envp = c_strings(env_strings);

    pipe_pair out_pipe, err_pipe;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string input =
        options.stdin_file.empty() ? "/dev/null" : options.stdin_file.string();
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, input.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe.write_end, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_pipe.write_end, STDERR_FILENO);
    if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());
    int spawn_error = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawn_error != 0)
        throw std::system_error(spawn_error, std::generic_category(), "posix_spawn evo");
    out_pipe.close_write();
    err_pipe.close_write();
    std::swap(out_, out_pipe.read_end);
    std::swap(err_, err_pipe.read_end);
}

evo_process::~evo_process() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        int status = 0;
        while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
    if (out_ >= 0) close(out_);
    if (err_ >= 0) close(err_);
}

bool evo_process::has_child() const {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue; // not a process
        if (parent_of(entry.path() / "stat") == pid_) return true; // -1 for one that just ended
    }
    return false;
}

run_result evo_process::wait() {
    run_result result;
    std::optional<std::chrono::steady_clock::time_point> deadline;
    if (kill_after_.count() > 0) deadline = std::chrono::steady_clock::now() + kill_after_;
    if (!drain(out_, result.out, err_, result.err, deadline)) {
        kill(pid_, SIGKILL); // its own children may hold the pipes open: stop reading here
        result.killed = true;
    }
    result.exit_code = wait_for(pid_);
    pid_ = -1;
    return result;
}

run_result run_evo(const std::vector<std::string>& args, const run_options& options) {
    return evo_process(args, options).wait();
}

} // namespace evo::test
