#include "cassette.hpp"

#include <evo/plugin.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <unistd.h>

namespace replay {
namespace {

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string system_reason() {
    return std::strerror(errno);
}

} // namespace

cassette::cassette(std::string path, match_mode mode, missing_file missing)
    : path_(std::move(path)), mode_(mode) {
    load(missing);
}

void cassette::load(missing_file missing) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) {
        if (errno == ENOENT && missing == missing_file::empty) return;
        throw evo::error(EVO_ERR_NOT_FOUND,
                         "cannot open cassette " + path_ + ": " + system_reason());
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw evo::error(EVO_ERR_NOT_FOUND, "cannot read cassette " + path_);
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
