#include "cassette.hpp"

#include <evo/plugin.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace replay {
namespace {

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string system_reason() {
    return std::strerror(errno);
}

// The rest of the file, or nullopt with errno set. Plain read(2) rather than std::ifstream,
// whose locale and stream machinery, linked into the plugin, cost every evo that loads it
// some 25 us (bench/evolve). Straight into the string, sized by fstat (a byte more, so that
// the read that fills it also sees the end), with no buffer between whose pages a cold start
// faults in for nothing.
std::optional<std::string> read_all(int fd) {
    struct stat st {};
    const std::size_t expected = ::fstat(fd, &st) == 0 && st.st_size > 0
                                     ? static_cast<std::size_t>(st.st_size) + 1
                                     : std::size_t{4096};
    std::string text(expected, '\0');
    std::size_t used = 0;
    for (;;) {
        if (used == text.size()) text.resize(text.size() * 2);
        const ssize_t n = ::read(fd, text.data() + used, text.size() - used);
        if (n == 0) break;
        if (n > 0)
            used += static_cast<std::size_t>(n);
        else if (errno != EINTR)
            return std::nullopt;
    }
    text.resize(used);
    return text;
}

} // namespace

cassette::cassette(std::string path, match_mode mode, missing_file missing)
    : path_(std::move(path)), mode_(mode) {
    load(missing);
}

void cassette::load(missing_file missing) {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT && missing == missing_file::empty) return;
        throw evo::error(EVO_ERR_NOT_FOUND,
                         "cannot open cassette " + path_ + ": " + system_reason());
    }
    const std::optional<std::string> read = read_all(fd);
    const std::string reason = read ? "" : system_reason();
    ::close(fd);
    if (!read) throw evo::error(EVO_ERR_NOT_FOUND, "cannot read cassette " + path_ + ": " + reason);
    const std::string& text = *read;
    std::string_view rest = text;
    for (std::size_t number = 1; !rest.empty(); ++number) {
        std::size_t end = std::min(rest.find('\n'), rest.size());
        index_line(rest.substr(0, end), number);
        rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    ends_without_newline_ = !text.empty() && text.back() != '\n';
}

void cassette::index_line(std::string_view line, std::size_t number) {
    if (is_blank(line)) return;
    try {
        auto [key, entry] = parse_cassette_line(line, mode_);
        entries_.insert_or_assign(std::move(key), std::move(entry));
    } catch (const std::invalid_argument& e) {
        throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                         path_ + ":" + std::to_string(number) + ": " + e.what());
    }
}

std::optional<cassette_entry> cassette::find(const std::string& key) const {
    std::shared_lock lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

cassette_entry cassette::record(const std::string& key, const boost::json::object& request,
                                cassette_entry entry) {
    std::unique_lock lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) return it->second;
    std::string line = ends_without_newline_ ? "\n" : "";
    line += format_cassette_line(request, entry);
    append_line(line);
    ends_without_newline_ = false;
    entries_.emplace(key, entry);
    return entry;
}

// One write() with O_APPEND, so a concurrent reader or another process appending never sees
// half a line interleaved with another.
void cassette::append_line(const std::string& line) {
    int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw evo::error(EVO_ERR_UNAVAILABLE,
                         "cannot open cassette " + path_ + " for recording: " + system_reason());
    ssize_t written = ::write(fd, line.data(), line.size());
    std::string reason = written < 0 ? system_reason() : "short write";
    ::close(fd);
    if (written != static_cast<ssize_t>(line.size()))
        throw evo::error(EVO_ERR_UNAVAILABLE, "cannot append to cassette " + path_ + ": " + reason);
}

std::size_t cassette::size() const {
    std::shared_lock lock(mutex_);
    return entries_.size();
}

} // namespace replay
