#include "interrupt.hpp"

#include <atomic>
#include <csignal>

namespace evo::bench {
namespace {

std::atomic<bool> stop_flag{false};
std::atomic<pid_t> child_pid{0};
struct sigaction previous_action {};

static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<pid_t>::is_always_lock_free,
              "used from a signal handler");

void on_interrupt(int) {
    if (!stop_flag.exchange(true)) return;
    if (const pid_t pid = child_pid.load(); pid > 0) kill(pid, SIGKILL);
}

} // namespace

interrupt_scope::interrupt_scope() {
    stop_flag = false;
    sigaction(SIGINT, nullptr, &previous_action);
    if (previous_action.sa_handler == SIG_IGN) return;
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
}

interrupt_scope::~interrupt_scope() {
    sigaction(SIGINT, &previous_action, nullptr);
}

bool stop_requested() {
    return stop_flag;
}

current_child::current_child(pid_t pid) {
    child_pid = pid;
}
current_child::~current_child() {
    child_pid = 0;
}

} // namespace evo::bench
