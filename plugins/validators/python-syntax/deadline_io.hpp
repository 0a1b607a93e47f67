// Socket I/O with a worker that gives up at a deadline or when the host cancels, so no input
// can hold a host thread much longer than the plugin's timeout.
//
// The socket blocks, so a round trip costs one system call each way (they are dear in a
// virtual machine), but each call returns within `wait_slice`, when the limits are checked.
#pragma once

#include <sys/uio.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <span>

namespace evo::python_syntax {

using steady_clock = std::chrono::steady_clock;

// How late a deadline or a cancellation may be noticed.
inline constexpr std::chrono::milliseconds wait_slice{50};

struct wait_limit {
    steady_clock::time_point deadline;
    std::function<bool()> cancelled;
};

enum class io_status { done, closed, timed_out, cancelled };

// Makes each blocking call on `socket` return within wait_slice; false when it cannot.
bool limit_blocking(int socket);

// Sends every byte of `parts` (which it consumes) without raising SIGPIPE in the host.
io_status send_all(int socket, std::span<iovec> parts, const wait_limit& limit);

// Receives exactly `size` bytes; `closed` when the peer went away first.
io_status receive_exact(int socket, void* data, std::size_t size, const wait_limit& limit);

} // namespace evo::python_syntax
