#include <evo/host/regular_file.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace evo::host {
namespace {

namespace fs = std::filesystem;

fs::file_type type_of(mode_t mode) {
    if (S_ISREG(mode)) return fs::file_type::regular;
    if (S_ISDIR(mode)) return fs::file_type::directory;
    if (S_ISFIFO(mode)) return fs::file_type::fifo;
    if (S_ISSOCK(mode)) return fs::file_type::socket;
    if (S_ISCHR(mode)) return fs::file_type::character;
    if (S_ISBLK(mode)) return fs::file_type::block;
    return fs::file_type::unknown;
}

// Closes the descriptor on every path out.
class descriptor {
  public:
    explicit descriptor(int fd) noexcept : fd_(fd) {}
    ~descriptor() {
        if (fd_ >= 0) close(fd_);
    }
    descriptor(const descriptor&) = delete;
    descriptor& operator=(const descriptor&) = delete;
    int get() const noexcept { return fd_; }

  private:
    int fd_;
};

file_read failed(int error) {
    return {file_read::result::failed, std::strerror(error)};
}

} // namespace

std::string special_file_reason(fs::file_type type) {
    switch (type) {
    case fs::file_type::regular:
        return "";
    case fs::file_type::directory:
        return "a directory";
    case fs::file_type::fifo:
        return "a FIFO (named pipe), not a regular file";
    case fs::file_type::socket:
        return "a socket, not a regular file";
    case fs::file_type::character:
        return "a character device, not a regular file";
    case fs::file_type::block:
        return "a block device, not a regular file";
    case fs::file_type::not_found:
        return "a broken symbolic link";
    default:
        return "not a regular file";
    }
}

file_read read_regular_file(const fs::path& path, std::string& out, std::size_t max_bytes) {
    out.clear();
    descriptor fd(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (fd.get() < 0) return failed(errno);
    struct stat info {};
    if (fstat(fd.get(), &info) != 0) return failed(errno);
    if (!S_ISREG(info.st_mode))
        return {file_read::result::not_regular, special_file_reason(type_of(info.st_mode))};
    out.reserve(std::min(static_cast<std::size_t>(info.st_size), max_bytes));
    char buffer[65536];
    while (out.size() < max_bytes) {
        ssize_t n = read(fd.get(), buffer, std::min(sizeof buffer, max_bytes - out.size()));
        if (n > 0)
            out.append(buffer, static_cast<std::size_t>(n));
        else if (n == 0)
            return {};
        else if (errno != EINTR)
            return failed(errno);
    }
    return {};
}

} // namespace evo::host
