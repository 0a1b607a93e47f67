#pragma once

#include "cassette_line.hpp"
#include "match_key.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace replay {

// A JSONL file of request -> response, loaded and indexed once. When a request appears on
// several lines the last one wins, so re-recording an exchange overrides it.
// Thread-safe: lookups share a lock, recording takes it exclusively.
class cassette {
  public:
    enum class missing_file { error, empty };

    // Throws evo::error(EVO_ERR_INVALID_ARGUMENT, "FILE:LINE: reason") for a malformed line
    // and evo::error(EVO_ERR_NOT_FOUND, ...) for an unreadable file (unless `missing` allows
    // a file that does not exist yet).
    cassette(std::string path, match_mode mode, missing_file missing);

    std::optional<cassette_entry> find(const std::string& key) const;

    // Appends the exchange to the file as one line and indexes it, unless another thread
    // recorded `key` first; returns the entry that is now in the cassette.
    cassette_entry record(const std::string& key, const boost::json::object& request,
                          cassette_entry entry);

    const std::string& path() const noexcept { return path_; }
    match_mode mode() const noexcept { return mode_; }
    std::size_t size() const;

  private:
    void load(missing_file missing);
    void index_line(std::string_view line, std::size_t number);
    void append_line(const std::string& line);

    std::string path_;
    match_mode mode_;
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, cassette_entry> entries_;
    bool ends_without_newline_ = false;
};

} // namespace replay
