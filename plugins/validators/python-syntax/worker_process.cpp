#include "worker_process.hpp"

#include "io_vectors.hpp"

#include <evo/plugin.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace evo::python_syntax {
namespace {

std::string system_error(const std::string& what, int error) {
    return what + ": " + std::strerror(error);
}

// The worker's end of the socket becomes its stdin and stdout; every other descriptor the
// host left inheritable is closed, so the long-lived worker never holds another pipe open.
class worker_file_actions {
  public:
    explicit worker_file_actions(int socket) {
        posix_spawn_file_actions_init(&actions_);
        posix_spawn_file_actions_adddup2(&actions_, socket, STDIN_FILENO);
        posix_spawn_file_actions_adddup2(&actions_, socket, STDOUT_FILENO);
        posix_spawn_file_actions_addclosefrom_np(&actions_, STDERR_FILENO + 1);
    }
    ~worker_file_actions() { posix_spawn_file_actions_destroy(&actions_); }
    worker_file_actions(const worker_file_actions&) = delete;
    worker_file_actions& operator=(const worker_file_actions&) = delete;
    const posix_spawn_file_actions_t* get() const noexcept { return &actions_; }

  private:
    posix_spawn_file_actions_t actions_;
};

// Default signal handling, nothing blocked, and a process group of its own, so neither the
// host's signal setup nor a terminal's Ctrl-C reaches the worker; it ends when its socket
// closes.
class worker_attributes {
  public:
    worker_attributes() {
        posix_spawnattr_init(&attributes_);
        sigset_t signals;
        sigemptyset(&signals);
        posix_spawnattr_setsigmask(&attributes_, &signals);
        sigfillset(&signals);
        posix_spawnattr_setsigdefault(&attributes_, &signals);
        posix_spawnattr_setpgroup(&attributes_, 0);
        posix_spawnattr_setflags(&attributes_, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                                   POSIX_SPAWN_SETPGROUP);
    }
    ~worker_attributes() { posix_spawnattr_destroy(&attributes_); }
    worker_attributes(const worker_attributes&) = delete;
    worker_attributes& operator=(const worker_attributes&) = delete;
    const posix_spawnattr_t* get() const noexcept { return &attributes_; }

  private:
    posix_spawnattr_t attributes_;
};

// Loads the worker module by path and hands it the socket. Isolated mode and no site: the
// user's environment and site-packages cannot change what the compiler is or says. Warnings
// are ignored, as shown ones would land on the host's stderr; only an "error" filter would
// turn a compiler warning into a SyntaxError, so every verdict stays as compile() gives it.
constexpr const char* launcher = R"(import sys
from importlib.machinery import ExtensionFileLoader
from importlib.util import module_from_spec, spec_from_loader
try:
    loader = ExtensionFileLoader("evo_python_syntax_worker", sys.argv[1])
    worker = module_from_spec(spec_from_loader(loader.name, loader))
    loader.exec_module(worker)
except Exception as e:
    sys.stderr.write(f"evo: python-syntax: cannot load the worker module {sys.argv[1]}: {e}\n")
    sys.exit(3)
sys.exit(worker.serve(int(sys.argv[2])))
)";

// The worker gets only what an interpreter needs from the host's environment: never API keys
// or tokens, which untrusted source must not be able to reach even through a compiler bug.
std::vector<std::string> worker_environment() {
    std::vector<std::string> kept;
    for (char** entry = environ; entry && *entry; ++entry) {
        const std::string_view text(*entry);
        const std::string_view name = text.substr(0, text.find('='));
        if (name == "PATH" || name == "LANG" || name == "TMPDIR" || name.starts_with("LC_"))
            kept.emplace_back(text);
    }
    return kept;
}

std::vector<char*> c_strings(std::vector<std::string>& words) {
    std::vector<char*> pointers;
    for (std::string& word : words)
        pointers.push_back(word.data());
    pointers.push_back(nullptr);
    return pointers;
}

// How a process ended, as the worker's own end: bubblewrap reports a program killed by
// signal N as its exit status 128 + N.
std::string how_it_ended(int status, bool wrapped) {
    int signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    if (wrapped && WIFEXITED(status) && WEXITSTATUS(status) > 128) signal = WEXITSTATUS(status) - 128;
    if (signal) {
        const char* description = sigdescr_np(signal);
        return "was killed by signal " + std::to_string(signal) + " (" +
               (description ? description : "unknown") + ")";
    }
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

} // namespace

std::vector<std::string> worker_command(const worker_options& options) {
    std::vector<std::string> command{options.python, "-I", "-S", "-W", "ignore", "-c", launcher};
    command.push_back(options.module);
    command.push_back(std::to_string(options.memory_limit_mb));
    return command;
}

worker_process::worker_process(const worker_options& options, const wait_limit& start_up) {
    try {
        spawn(options);
        await_greeting(options.module, start_up);
        usable_ = true;
    } catch (...) {
        stop();
        throw;
    }
}

worker_process::~worker_process() {
    stop();
}

void worker_process::spawn(const worker_options& options) {
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
        throw evo::error(
            EVO_ERR_UNAVAILABLE,
            system_error("cannot create a socket for the python-syntax worker", errno));
    socket_ = ends[0];
    if (!limit_blocking(socket_)) {
        const int error = errno;
        close(ends[1]);
        throw evo::error(EVO_ERR_UNAVAILABLE,
                         system_error("cannot set up the python-syntax worker's socket", error));
    }
    std::vector<std::string> command = worker_command(options);
    if (options.wrap) {
        try {
            command = options.wrap(command);
        } catch (...) {
            close(ends[1]);
            throw;
        }
        wrapped_ = true;
    }
    const worker_file_actions actions(ends[1]);
    const worker_attributes attributes;
    std::vector<std::string> environment = worker_environment();
    std::vector<char*> argv = c_strings(command);
    std::vector<char*> envp = c_strings(environment);
    auto start = [&] {
        return posix_spawn(&pid_, command.front().c_str(), actions.get(), attributes.get(),
                           argv.data(), envp.data());
    };
    const int failure = options.on_spawn_thread ? options.on_spawn_thread(start) : start();
    close(ends[1]);
    if (failure != 0) {
        pid_ = -1;
        throw evo::error(
            EVO_ERR_UNAVAILABLE,
            system_error("cannot start the python-syntax worker's interpreter " + command.front(),
                         failure));
    }
}

void worker_process::await_greeting(const std::string& module, const wait_limit& start_up) {
    hello greeting{};
    switch (receive_exact(socket_, &greeting, sizeof greeting, start_up)) {
    case io_status::done:
        if (greeting == expected_hello) return;
        throw evo::error(EVO_ERR_UNAVAILABLE,
                         module + " is not a python-syntax worker of protocol version " +
                             std::to_string(expected_hello.version));
    case io_status::closed:
        throw evo::error(EVO_ERR_UNAVAILABLE,
                         "the python-syntax worker " + module + " " + reap() + " while starting");
    case io_status::timed_out:
        throw evo::error(EVO_ERR_TIMEOUT,
                         "the python-syntax worker " + module + " did not start in time");
    case io_status::cancelled:
        break;
    }
    throw evo::error(EVO_ERR_CANCELLED, "cancelled");
}

exchange worker_process::judge(std::string_view source, std::string_view filename,
                               const wait_limit& limit) {
    // Until a whole answer is in, the stream's position is unknown: the worker is spent.
    usable_ = false;
    const request_header header{source.size(), static_cast<uint32_t>(filename.size()), 0};
    iovec parts[] = {bytes_of(&header, sizeof header), bytes_of(filename.data(), filename.size()),
                     bytes_of(source.data(), source.size())};
    if (io_status sent = send_all(socket_, parts, limit); sent != io_status::done)
        return ended(sent);
    exchange result = receive_verdict(limit);
    usable_ = result.state == exchange::status::answered;
    return result;
}

exchange worker_process::receive_verdict(const wait_limit& limit) {
    verdict_header header{};
    if (io_status got = receive_exact(socket_, &header, sizeof header, limit);
        got != io_status::done)
        return ended(got);
    if (!well_formed(header)) return {exchange::status::crashed, {}, "sent a malformed answer"};
    exchange result;
    result.answer = {header.kind, header.line, header.column, std::string(header.class_size, '\0'),
                     std::string(header.message_size, '\0')};
    io_status got =
        receive_exact(socket_, result.answer.error_class.data(), header.class_size, limit);
    if (got == io_status::done)
        got = receive_exact(socket_, result.answer.message.data(), header.message_size, limit);
    return got == io_status::done ? result : ended(got);
}

exchange worker_process::ended(io_status status) {
    switch (status) {
    case io_status::timed_out:
        return {exchange::status::timed_out, {}, {}};
    case io_status::cancelled:
        return {exchange::status::cancelled, {}, {}};
    default:
        return {exchange::status::crashed, {}, reap()};
    }
}

// Ends the worker and collects its wait status; nullopt when there is none to collect.
// SIGKILL leaves the status of a process that has already begun to exit unchanged, and a
// worker only closes its socket by exiting: a crash is reported as the crash it was. In the
// sandbox the process held is bwrap, which exits a moment after the interpreter did: when
// the worker is `exiting` (its socket closed), bwrap is given that moment to report the
// interpreter's end before it is killed. The kill goes to the worker's process group (its
// own, from posix_spawn): killing bwrap alone ends everything inside once its pid namespace's
// init has set --die-with-parent, but bwrap 0.8's child waits for its parent's go-ahead
// (an eventfd) before it does, and a bwrap killed in that window (evo stopped while a worker
// started) left the child waiting forever, holding evo's stderr open. It is still in the group.
std::optional<int> worker_process::end_process(bool exiting) noexcept {
    const pid_t pid = std::exchange(pid_, -1);
    if (pid <= 0) return std::nullopt;
    int status = 0;
    if (exiting && wrapped_) {
        for (int waited_ms = 0; waited_ms < 1000; ++waited_ms) {
            const pid_t ended = waitpid(pid, &status, WNOHANG);
            if (ended == pid) return status;
            if (ended < 0 && errno != EINTR) return std::nullopt;
            usleep(1000);
        }
    }
    if (kill(-pid, SIGKILL) != 0) kill(pid, SIGKILL);
    pid_t waited;
    while ((waited = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    if (waited != pid) return std::nullopt;
    return status;
}

std::string worker_process::reap() {
    const std::optional<int> status = end_process(true);
    return status ? how_it_ended(*status, wrapped_) : "ended";
}

// A sandboxed worker that is idle is let go by closing its socket: it exits, and each
// process of the sandbox reaps the one it started. SIGKILL on bwrap would orphan bwrap's
// init, a zombie counted against the sandbox uid's process limit until someone reaps it.
// A busy or broken worker is killed.
void worker_process::stop() noexcept {
    const bool let_go = usable_ && wrapped_;
    if (let_go && socket_ >= 0) shutdown(socket_, SHUT_RDWR);
    end_process(let_go);
    if (socket_ >= 0) close(socket_);
    socket_ = -1;
}

} // namespace evo::python_syntax
