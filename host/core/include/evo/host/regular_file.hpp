// Reading the files a user names without ever blocking on one: only regular files are read.
// A FIFO, socket or device named as an input would wait for a writer (or never end) in
// open() or read(), where no request to stop can reach evo.
#pragma once

#include <filesystem>
#include <string>

namespace evo::host {

// Why a file of this type is not read ("a FIFO", "a socket", ...); empty for a regular file.
std::string special_file_reason(std::filesystem::file_type type);

struct file_read {
    enum class result { ok, not_regular, failed };
    result outcome = result::ok;
    std::string reason; // not_regular, failed: why, e.g. "a FIFO", "Permission denied"
};

// Reads a regular file whole into `out`. Opens it without waiting (O_NONBLOCK) and checks what
// was opened (fstat), so a file replaced by a FIFO or device after discovery is refused, not
// waited on. With max_bytes, reads at most that many (a shebang line needs only the start).
file_read read_regular_file(const std::filesystem::path& path, std::string& out,
                            std::size_t max_bytes = std::string::npos);

} // namespace evo::host
