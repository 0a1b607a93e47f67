// Ctrl-C during evo bench: the first stops after the current run, the second kills the
// process being measured. Measured processes run in their own process group, so the
// terminal's SIGINT reaches evo alone.
#pragma once

#include <sys/types.h>

namespace evo::bench {

// Installs the SIGINT handler for its lifetime and restores the previous one after. A SIGINT
// that was ignored (nohup, a background job) stays ignored.
class interrupt_scope {
  public:
    interrupt_scope();
    ~interrupt_scope();
    interrupt_scope(const interrupt_scope&) = delete;
    interrupt_scope& operator=(const interrupt_scope&) = delete;
};

bool stop_requested();

// Marks the child a second Ctrl-C kills, for its lifetime.
class current_child {
  public:
    explicit current_child(pid_t pid);
    ~current_child();
    current_child(const current_child&) = delete;
    current_child& operator=(const current_child&) = delete;
};

} // namespace evo::bench
