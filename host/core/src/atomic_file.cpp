#include <evo/host/atomic_file.hpp>

#include <evo/host/pipe_write.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

namespace evo::host {

int write_file_atomically(const std::filesystem::path& file, std::string_view text, mode_t mode,
                          if_present present) {
    std::string temporary = file.string() + ".XXXXXX";
    const int fd = mkostemp(temporary.data(), O_CLOEXEC); // created 0600
    if (fd < 0) return errno;
    int error = 0;
    errno = 0;
    if (fchmod(fd, mode) != 0 || write_all(fd, text) != write_result::written || fsync(fd) != 0)
        error = errno ? errno : EIO;
    if (::close(fd) != 0 && !error) error = errno;
    if (!error) {
        const int moved =
            present == if_present::replace
                ? std::rename(temporary.c_str(), file.c_str())
                : renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, file.c_str(), RENAME_NOREPLACE);
        if (moved == 0) return 0;
        error = errno;
    }
    ::unlink(temporary.c_str());
    return error;
}

} // namespace evo::host
