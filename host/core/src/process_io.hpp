// The parent's side of a running child's pipes: feeds stdin, delivers stdout and stderr to
// callbacks up to a cap, and owns the three descriptors.
#pragma once

#include <evo/host/process.hpp>

#include <poll.h>

#include <cstdint>
#include <string_view>

namespace evo::host {

class process_io {
  public:
    // Takes ownership of the descriptors; in_fd may be -1 (no input to feed).
    process_io(std::string_view input, int in_fd, int out_fd, int err_fd, const output_fn& on_out,
               const output_fn& on_err, uint64_t limit);
    ~process_io() { close_all(); }
    process_io(const process_io&) = delete;
    process_io& operator=(const process_io&) = delete;

    // True while the child may still write output.
    bool open() const { return fds_[1].fd >= 0 || fds_[2].fd >= 0; }
    // Also wakes step() when `fd` (the child's pidfd) becomes readable, i.e. the child exited;
    // -1 to stop watching. Not owned.
    void watch_exit(int fd) { fds_[3] = {fd, POLLIN, 0}; }
    // Waits up to wait_ms for I/O or the child's exit and handles the I/O that is ready.
    // False once a callback asked to stop.
    bool step(int wait_ms);
    void close_all();
    uint64_t stdout_dropped() const { return streams_[0].dropped; }
    uint64_t stderr_dropped() const { return streams_[1].dropped; }

  private:
    struct output_stream {
        const output_fn& sink;
        uint64_t delivered = 0;
        uint64_t dropped = 0;
    };

    void close_input();
    void write_input();
    bool drain(pollfd& f, output_stream& stream);
    bool deliver(output_stream& stream, std::string_view chunk);

    std::string_view input_;
    uint64_t limit_;
    output_stream streams_[2];
    pollfd fds_[4];
};

} // namespace evo::host
