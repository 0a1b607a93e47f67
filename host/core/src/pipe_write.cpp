#include <evo/host/pipe_write.hpp>

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace evo::host {

// MSG_NOSIGNAL exists only for sockets; for pipes the portable answer is to block SIGPIPE in
// the writing thread and, when the write raised one, take it off the pending set before the
// mask is restored (as libcurl and OpenSSL do).
ssize_t write_without_sigpipe(int fd, const void* data, std::size_t size) noexcept {
    sigset_t sigpipe, previous, pending;
    sigemptyset(&sigpipe);
    sigaddset(&sigpipe, SIGPIPE);
    sigpending(&pending);
    const bool already_pending = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &sigpipe, &previous);
    ssize_t n = ::write(fd, data, size);
    const int error = errno;
    if (n < 0 && error == EPIPE && !already_pending) {
        const timespec no_wait{0, 0};
        while (sigtimedwait(&sigpipe, nullptr, &no_wait) < 0 && errno == EINTR) {}
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    errno = error;
    return n;
}

write_result write_all(int fd, std::string_view data) noexcept {
    while (!data.empty()) {
        ssize_t n = write_without_sigpipe(fd, data.data(), data.size());
        if (n > 0) {
            data.remove_prefix(static_cast<std::size_t>(n));
        } else if (n < 0 && errno == EPIPE) {
            return write_result::reader_gone;
        } else if (n < 0 && errno != EINTR) {
            return write_result::failed;
        }
    }
    return write_result::written;
}

} // namespace evo::host
