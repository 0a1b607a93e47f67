// Gathered writes: both ends send a header and its payload in one system call, without
// copying the payload into a message buffer, and resume where a short write stopped.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <span>

namespace evo::python_syntax {

// Drops the first `written` bytes from `parts`, leaving the rest to send.
inline void consume(std::span<iovec>& parts, std::size_t written) {
    while (!parts.empty() && written >= parts.front().iov_len) {
        written -= parts.front().iov_len;
        parts = parts.subspan(1);
    }
    if (!parts.empty()) {
        parts.front().iov_base = static_cast<char*>(parts.front().iov_base) + written;
        parts.front().iov_len -= written;
    }
}

inline iovec bytes_of(const void* data, std::size_t size) {
    return {const_cast<void*>(data), size};
}

} // namespace evo::python_syntax
