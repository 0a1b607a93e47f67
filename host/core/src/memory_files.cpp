#include "memory_files.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace evo::host {
namespace {

[[noreturn]] void fail(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

void write_all(int fd, std::string_view content) {
    while (!content.empty()) {
        ssize_t n = ::write(fd, content.data(), content.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("write to a memory file");
        content.remove_prefix(static_cast<std::size_t>(n));
    }
}

// With one of 0-2 closed in evo, a new descriptor could take its number, which the child
// overwrites with its stdin/stdout/stderr before exec.
int above_standard_streams(int fd) {
    if (fd > 2) return fd;
    int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    int e = errno;
    ::close(fd);
    if (moved < 0) errno = e, fail("fcntl(F_DUPFD_CLOEXEC)");
    return moved;
}

} // namespace

memory_files::memory_files(const std::vector<sandbox_file>& files) {
    for (const sandbox_file& file : files)
        require_plain_file_name(file.name);
    try {
        for (const sandbox_file& file : files) {
            int fd = ::memfd_create("evo-sandbox-file", MFD_CLOEXEC);
            if (fd < 0) fail("memfd_create");
            fd = above_standard_streams(fd);
            fds_.push_back(fd);
            write_all(fd, file.content);
            if (::lseek(fd, 0, SEEK_SET) != 0) fail("lseek on a memory file");
            request_.push_back({file.name, fd, file.executable});
        }
    } catch (...) {
        for (int fd : fds_)
            ::close(fd);
        throw;
    }
}

memory_files::~memory_files() {
    for (int fd : fds_)
        ::close(fd);
}

} // namespace evo::host
