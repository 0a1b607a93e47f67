#include "deadline_io.hpp"

#include "io_vectors.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace evo::python_syntax {
namespace {

// After a call that left work to do: whether to go on waiting.
io_status check(const wait_limit& limit) {
    if (limit.cancelled && limit.cancelled()) return io_status::cancelled;
    if (steady_clock::now() >= limit.deadline) return io_status::timed_out;
    return io_status::done;
}

// A failed call either ran out of its slice or was interrupted, or the peer is gone.
bool peer_gone(int error) {
    return error != EAGAIN && error != EWOULDBLOCK && error != EINTR;
}

} // namespace

static_assert(wait_slice < std::chrono::seconds(1), "a timeval's microseconds stay below 1 s");

bool limit_blocking(int socket) {
    const auto slice = std::chrono::duration_cast<std::chrono::microseconds>(wait_slice);
    const timeval timeout{0, static_cast<suseconds_t>(slice.count())};
    return setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) == 0 &&
           setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout) == 0;
}

io_status send_all(int socket, std::span<iovec> parts, const wait_limit& limit) {
    while (!parts.empty()) {
        msghdr message{};
        message.msg_iov = parts.data();
        message.msg_iovlen = parts.size();
        const ssize_t sent = sendmsg(socket, &message, MSG_NOSIGNAL);
        if (sent >= 0)
            consume(parts, static_cast<std::size_t>(sent));
        else if (peer_gone(errno))
            return io_status::closed;
        if (!parts.empty())
            if (io_status go_on = check(limit); go_on != io_status::done) return go_on;
    }
    return io_status::done;
}

io_status receive_exact(int socket, void* data, std::size_t size, const wait_limit& limit) {
    auto* at = static_cast<char*>(data);
    while (size > 0) {
        const ssize_t got = recv(socket, at, size, MSG_WAITALL);
        if (got == 0) return io_status::closed;
        if (got > 0) {
            at += got;
            size -= static_cast<std::size_t>(got);
        } else if (peer_gone(errno)) {
            return io_status::closed;
        }
        if (size > 0)
            if (io_status go_on = check(limit); go_on != io_status::done) return go_on;
    }
    return io_status::done;
}

} // namespace evo::python_syntax
