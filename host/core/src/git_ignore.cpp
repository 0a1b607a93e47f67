#include "git_ignore.hpp"

#include <evo/host/pipe_write.hpp>
#include <evo/host/process.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

namespace evo::host {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t stderr_kept = 4096;
// git answers in milliseconds; this long without a byte from it means it is stuck (an ignore
// file that is a FIFO, named by the repository's own config or committed as .gitignore, blocks
// its open() for ever). It is then killed and its ignore files are not applied: more files
// are checked, never fewer, and evo never hangs on a repository it vets.
constexpr int silence_limit_ms = 10000;

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// git's environment: what it needs to find itself and the user's own configuration (the
// global excludes file), nothing that redirects it (GIT_DIR, GIT_CONFIG_PARAMETERS...).
std::vector<std::string> git_environment(const fs::path& work_tree) {
    std::vector<std::string> env;
    for (const char* name : {"PATH", "HOME", "XDG_CONFIG_HOME"})
        if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
    env.push_back("LC_ALL=C");
    env.push_back("GIT_FLUSH=1"); // one answer per path, as soon as it is known
    env.push_back("GIT_TERMINAL_PROMPT=0");
    env.push_back("GIT_OPTIONAL_LOCKS=0");
    // The work tree is the one whose .git we found: git never looks above it.
    env.push_back("GIT_CEILING_DIRECTORIES=" + work_tree.parent_path().string());
    return env;
}

} // namespace

// One `git check-ignore --stdin -z -v -n` for one work tree, started on the first question.
class git_ignore::checker {
  public:
    checker(const std::string& git, const fs::path& work_tree) : work_tree_(work_tree) {
        int in[2], out[2], err[2];
        if (pipe2(in, O_CLOEXEC) != 0)
            throw std::system_error(errno, std::generic_category(), "pipe");
        if (pipe2(out, O_CLOEXEC) != 0) {
            ::close(in[0]), ::close(in[1]);
            throw std::system_error(errno, std::generic_category(), "pipe");
        }
        if (pipe2(err, O_CLOEXEC) != 0) {
            ::close(in[0]), ::close(in[1]), ::close(out[0]), ::close(out[1]);
            throw std::system_error(errno, std::generic_category(), "pipe");
        }
        to_git_ = in[1], from_git_ = out[0], git_errors_ = err[0];
        fcntl(to_git_, F_SETFL, O_NONBLOCK);
        // A repository's own .git/config may name commands (core.fsmonitor runs one whenever
        // the index is read): none is wanted to answer "is this ignored", so the index is not
        // read at all (--no-index: patterns decide, tracked or not) and fsmonitor and hooks are
        // turned off besides.
        std::vector<std::string> args = {"git",
                                         "-c",
                                         "core.fsmonitor=false",
                                         "-c",
                                         "core.hooksPath=/dev/null",
                                         "-c",
                                         "core.untrackedCache=false",
                                         "-C",
                                         work_tree.string(),
                                         "check-ignore",
                                         "--no-index",
                                         "--stdin",
                                         "-z",
                                         "-v",
                                         "-n"};
        std::vector<std::string> env = git_environment(work_tree);
        std::vector<char*> argv, envp;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        for (auto& e : env)
            envp.push_back(e.data());
        envp.push_back(nullptr);

        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, in[0], 0);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_adddup2(&actions, err[1], 2);
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        sigset_t defaults, none;
        sigemptyset(&defaults);
        sigaddset(&defaults, SIGPIPE);
        sigemptyset(&none);
        posix_spawnattr_setsigdefault(&attr, &defaults);
        posix_spawnattr_setsigmask(&attr, &none);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
        int rc = posix_spawn(&pid_, git.c_str(), &actions, &attr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attr);
        ::close(in[0]), ::close(out[1]), ::close(err[1]);
        if (rc != 0) {
            pid_ = -1;
            failed_ = true;
            problem_ = std::system_error(rc, std::generic_category()).code().message();
        }
    }

    ~checker() {
        close_fd(to_git_); // end of input: git exits
        close_fd(from_git_);
        close_fd(git_errors_);
        if (pid_ > 0) {
            int status = 0;
            while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
            }
        }
    }

    checker(const checker&) = delete;
    checker& operator=(const checker&) = delete;

    bool failed() const { return failed_; }
    bool reported = false; // its failure was told to the user
    // Why it failed: git's first line on stderr, or the reason it could not start.
    std::string problem() const {
        std::string first = problem_.substr(0, problem_.find('\n'));
        return first.empty() ? "it stopped without a reason" : first;
    }

    // Whether git ignores each of `paths` (relative to the work tree); nullopt when git could
    // not answer them all.
    std::optional<std::vector<bool>> ask(const std::vector<std::string>& paths) {
        if (failed_) return std::nullopt;
        std::string input;
        for (const auto& p : paths)
            input.append(p).push_back('\0');
        std::vector<bool> answers;
        std::vector<std::string> fields; // one answer is four: source, line, pattern, path
        std::string partial;
        std::size_t written = 0;
        while (answers.size() < paths.size()) {
            pollfd fds[3] = {{from_git_, POLLIN, 0},
                             {git_errors_, POLLIN, 0},
                             {written < input.size() ? to_git_ : -1, POLLOUT, 0}};
            const int ready = poll(fds, 3, silence_limit_ms);
            if (ready < 0) {
                if (errno == EINTR) continue;
                return fail("poll: " + std::string(std::strerror(errno)));
            }
            if (ready == 0)
                return fail("it did not answer for " + std::to_string(silence_limit_ms / 1000) +
                            " s; is an ignore file a FIFO?");
            if (fds[2].revents & (POLLOUT | POLLERR)) {
                ssize_t n =
                    write_without_sigpipe(to_git_, input.data() + written, input.size() - written);
                if (n > 0)
                    written += static_cast<std::size_t>(n);
                else if (n < 0 && errno != EAGAIN && errno != EINTR)
                    written = input.size(); // gone
            }
            if (fds[1].revents & (POLLIN | POLLHUP)) read_errors();
            if (fds[0].revents & (POLLIN | POLLHUP)) {
                char buffer[8192];
                ssize_t n = ::read(from_git_, buffer, sizeof buffer);
                if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
                if (n <= 0) {
                    drain_errors();
                    return fail(problem_);
                }
                for (char c : std::string_view(buffer, static_cast<std::size_t>(n))) {
                    if (c != '\0') {
                        partial.push_back(c);
                        continue;
                    }
                    fields.push_back(std::move(partial));
                    partial.clear();
                    if (fields.size() < 4) continue;
                    const std::string& pattern = fields[2];
                    answers.push_back(!pattern.empty() && pattern[0] != '!');
                    fields.clear();
                }
            }
        }
        return answers;
    }

  private:
    // A git that failed is not asked again; killed, so that the destructor's wait ends too.
    std::nullopt_t fail(std::string why) {
        failed_ = true;
        problem_ = std::move(why);
        if (pid_ > 0) kill(pid_, SIGKILL);
        return std::nullopt;
    }
    void read_errors() {
        char buffer[1024];
        ssize_t n = ::read(git_errors_, buffer, sizeof buffer);
        if (n > 0 && problem_.size() < stderr_kept)
            problem_.append(buffer, static_cast<std::size_t>(n));
    }
    void drain_errors() {
        fcntl(git_errors_, F_SETFL, O_NONBLOCK);
        char buffer[1024];
        ssize_t n;
        while ((n = ::read(git_errors_, buffer, sizeof buffer)) > 0)
            if (problem_.size() < stderr_kept) problem_.append(buffer, static_cast<std::size_t>(n));
    }

    fs::path work_tree_;
    pid_t pid_ = -1;
    int to_git_ = -1, from_git_ = -1, git_errors_ = -1;
    bool failed_ = false;
    std::string problem_;
};

git_ignore::git_ignore() = default;
git_ignore::~git_ignore() = default;

git_ignore::checker* git_ignore::checker_for(const fs::path& work_tree) {
    auto found = checkers_.find(work_tree);
    if (found != checkers_.end()) return found->second.get();
    static const std::string git = find_in_path("git");
    if (git.empty()) {
        if (!git_missing_)
            warnings_.push_back("git is not installed: .gitignore files are not applied, every "
                                "file is checked");
        git_missing_ = true;
        return nullptr;
    }
    return checkers_.emplace(work_tree, std::make_unique<checker>(git, work_tree))
        .first->second.get();
}

std::vector<bool> git_ignore::ignored(const fs::path& dir, const std::vector<std::string>& names) {
    std::vector<bool> none(names.size(), false);
    if (names.empty()) return none;
    std::error_code ec;
    const fs::path real = fs::canonical(dir, ec);
    if (ec) return none;
    // The nearest directory at or above that holds a .git (a directory, or a file naming one).
    fs::path work_tree;
    std::vector<fs::path> seen;
    for (fs::path d = real;; d = d.parent_path()) {
        if (auto known = work_trees_.find(d); known != work_trees_.end()) {
            work_tree = known->second;
            break;
        }
        seen.push_back(d);
        if (fs::exists(fs::symlink_status(d / ".git", ec))) {
            work_tree = d;
            break;
        }
        if (d == d.parent_path()) break;
    }
    for (const auto& d : seen)
        work_trees_[d] = work_tree;
    if (work_tree.empty()) return none;

    checker* git = checker_for(work_tree);
    if (!git) return none;
    std::vector<std::string> paths;
    for (const auto& name : names)
        // "./" first: a name such as ":(top)x" is then never read as pathspec magic
        // (check-ignore refuses GIT_LITERAL_PATHSPECS).
        paths.push_back("./" + (real / name).lexically_relative(work_tree).string());
    auto answers = git->ask(paths);
    if (!answers) {
        if (std::exchange(git->reported, true)) return none;
        warnings_.push_back("git check-ignore failed in " + work_tree.string() + " (" +
                            git->problem() + "): its ignore files are not applied");
        return none;
    }
    return *answers;
}

} // namespace evo::host
