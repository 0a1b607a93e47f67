// Writing to a pipe whose reader may be gone: EPIPE is an answer ("the reader stopped
// reading"), never a SIGPIPE that ends evo, whatever the process's SIGPIPE disposition.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string_view>

namespace evo::host {

// write(2) with SIGPIPE held back for this thread: returns what write returned, errno EPIPE
// when the reader closed its end. A SIGPIPE this write raised is consumed, one already
// pending for another reason is left alone.
ssize_t write_without_sigpipe(int fd, const void* data, std::size_t size) noexcept;

enum class write_result { written, reader_gone, failed };

// Writes all of `data` to a blocking descriptor, retrying short writes and EINTR.
write_result write_all(int fd, std::string_view data) noexcept;

} // namespace evo::host
