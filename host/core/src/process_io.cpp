#include "process_io.hpp"

#include <evo/host/pipe_write.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace evo::host {
namespace {

void close_fd(pollfd& f) {
    if (f.fd >= 0) ::close(f.fd);
    f.fd = -1;
}

// Reads per step are bounded so a child that writes without pause cannot keep the loop from
// checking the deadline and cancellation.
constexpr int reads_per_step = 16;

} // namespace

process_io::process_io(std::string_view input, int in_fd, int out_fd, int err_fd, const output_fn& on_out,
                       const output_fn& on_err, uint64_t limit)
    : input_(input), limit_(limit), streams_{{on_out}, {on_err}} {
    fds_[0] = {in_fd, POLLOUT, 0};
    fds_[1] = {out_fd, POLLIN, 0};
    fds_[2] = {err_fd, POLLIN, 0};
    fds_[3] = {-1, POLLIN, 0};
    for (auto& f : fds_)
        if (f.fd >= 0) fcntl(f.fd, F_SETFL, fcntl(f.fd, F_GETFL) | O_NONBLOCK);
    if (input_.empty()) close_input();
}

void process_io::close_all() {
    for (int i = 0; i < 3; ++i) close_fd(fds_[i]);
}

bool process_io::step(int wait_ms) {
    if (poll(fds_, 4, wait_ms) <= 0) return true;
    if (fds_[0].fd >= 0 && (fds_[0].revents & (POLLOUT | POLLERR | POLLHUP))) write_input();
    return drain(fds_[1], streams_[0]) && drain(fds_[2], streams_[1]);
}

void process_io::close_input() {
    close_fd(fds_[0]);
}

// A child that exits or closes its stdin before reading everything is not an error: the rest
// of the input is dropped (EPIPE, without SIGPIPE) and its exit status tells what happened.
void process_io::write_input() {
    ssize_t n = write_without_sigpipe(fds_[0].fd, input_.data(), std::min<std::size_t>(input_.size(), 1 << 16));
    if (n > 0) input_.remove_prefix(static_cast<std::size_t>(n));
    if (n < 0 && errno != EAGAIN && errno != EINTR) input_ = {};
    if (input_.empty()) close_input();
}

bool process_io::drain(pollfd& f, output_stream& stream) {
    if (f.fd < 0 || !(f.revents & (POLLIN | POLLHUP | POLLERR))) return true;
    char buffer[65536];
    for (int i = 0; i < reads_per_step; ++i) {
        ssize_t n = ::read(f.fd, buffer, sizeof buffer);
        if (n > 0) {
            if (!deliver(stream, {buffer, static_cast<std::size_t>(n)})) return false;
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;
        close_fd(f);
        return true;
    }
    return true;
}

bool process_io::deliver(output_stream& stream, std::string_view chunk) {
    if (limit_) {
        const uint64_t room = limit_ - std::min(limit_, stream.delivered);
        if (chunk.size() > room) {
            stream.dropped += chunk.size() - room;
            chunk = chunk.substr(0, room);
        }
    }
    if (chunk.empty()) return true;
    stream.delivered += chunk.size();
    return !stream.sink || stream.sink(chunk);
}

} // namespace evo::host
