#include "stop_signals.hpp"

#include <evo/host/call.hpp>

#include <unistd.h>

#include <atomic>
#include <csignal>

namespace evo::cli {
namespace {

std::atomic<int> stop_signal{0};
std::atomic<bool> stop_accepted{false};
static_assert(std::atomic<int>::is_always_lock_free, "read and written in a signal handler");

// A call that ignores cancellation (a plugin stuck in a system call) must not keep evo alive:
// this long after the first request, evo ends as a second request would end it.
constexpr unsigned grace_seconds = 10; // the message of on_grace_over says it too

// Only async-signal-safe calls from here on.
template <std::size_t N> [[noreturn]] void stop_now(int code, const char (&message)[N]) {
    ssize_t ignored = write(STDERR_FILENO, message, N - 1);
    (void)ignored;
    _exit(code);
}

void on_stop_request(int signal) {
    int first = 0;
    if (!stop_signal.compare_exchange_strong(first, signal))
        stop_now(128 + signal, "evo: error: stopped at once (a second request to stop)\n");
    evo::host::process_cancellation().cancel();
    alarm(grace_seconds);
}

void on_grace_over(int) {
    stop_now(128 + stop_signal.load(),
             "evo: error: stopped at once (the work in progress ignored the request "
             "to stop for 10 s)\n");
}

void handle(int signal, void (*handler)(int)) {
    struct sigaction action {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART; // code that does not expect EINTR keeps working
    sigaction(signal, &action, nullptr);
}

} // namespace

void install_stop_signals() {
    // A tool or reader that exits early must show up as EPIPE, not kill evo with status 141.
    // Children get the default back: signal dispositions set to SIG_IGN survive exec, and
    // evo's process runner and python-syntax's workers reset SIGPIPE before they exec.
    std::signal(SIGPIPE, SIG_IGN);
    handle(SIGINT, on_stop_request);
    handle(SIGTERM, on_stop_request);
    handle(SIGALRM, on_grace_over);
}

int stop_exit_code() noexcept {
    const int signal = stop_signal.load();
    return signal && !stop_accepted.load() ? 128 + signal : 0;
}

void accept_stop_request() noexcept {
    stop_accepted.store(true);
}

} // namespace evo::cli
