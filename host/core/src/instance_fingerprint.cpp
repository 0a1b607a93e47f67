// runtime::fingerprint: what the cache key knows of one plugin instance.
#include <evo/host/runtime.hpp>

#include "abi_guard.hpp"

#include <evo/host/error.hpp>
#include <evo/host/identity_memo.hpp>
#include <evo/host/json_schema.hpp>
#include <evo/host/sha256.hpp>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

namespace evo::host {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string file_content_hash(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return sha256_hex(content.str());
}

// A file's hash, remembered in the identity memo by the file's stamp (path, size, mtime,
// inode): a large cassette is not read again while it stays as it was.
std::string remembered_content_hash(const std::string& path) {
    identity_memo& memo = process_identity_memo();
    const file_stamp before = stamp_of(path);
    const std::string key = sha256_hex(json::serialize(json::object{
        {"content", json::array{before.path, before.size, before.mtime_ns, before.inode, before.device}}}));
    if (auto remembered = memo.find(key)) return *remembered;
    std::string hash = "sha256:" + file_content_hash(path);
    memo.remember(key, hash, {before}); // stamped before reading: a change meanwhile misses next time
    return hash;
}

// A named file by its content, a directory by its files' names and contents: never by where
// it is, so one configuration in two checkouts gives one key, and an edit gives another.
std::string content_identity(const std::string& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return "missing";
    if (fs::is_regular_file(status)) return remembered_content_hash(path);
    if (!fs::is_directory(status)) return "special file";
    std::vector<std::string> entries;
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec))
            entries.push_back(fs::relative(it->path(), path).generic_string() + ' ' +
                              file_content_hash(it->path()));
    std::sort(entries.begin(), entries.end());
    std::string listing;
    for (const auto& e : entries)
        listing += e + '\n';
    return "directory sha256:" + sha256_hex(listing);
}

// The config with every "format": "path" value replaced by the identity of its content.
json::value config_by_content(const plugin_facts& plugin, const json::object& config) {
    json::value copy = config;
    if (!plugin.config_schema) return copy;
    resolve_schema_paths(copy, json::parse(*plugin.config_schema), content_identity);
    return copy;
}

evo_status append(void* ctx, evo_str chunk) {
    static_cast<std::string*>(ctx)->append(chunk.data, chunk.size);
    return EVO_OK;
}

// The stamps of the files a validator's identity() depends on, taken now; nullopt when it
// does not say (no identity_files, a failure, a path that is not absolute): then nothing is
// remembered and identity() is asked every run.
std::optional<std::vector<file_stamp>> identity_file_stamps(plugin_instance& p) {
    if (!p.facts().identity_files) return std::nullopt;
    std::string listing;
    evo_status s = p.call(
        [&](evo_instance* h) { return p.api().validator.identity_files(h, abi_guarded<append>, &listing); });
    if (s != EVO_OK || (!listing.empty() && listing.back() != '\0')) return std::nullopt;
    std::vector<file_stamp> stamps;
    for (std::size_t at = 0; at < listing.size();) {
        const std::size_t end = listing.find('\0', at);
        const std::string path = listing.substr(at, end - at);
        if (path.empty() || path.front() != '/') return std::nullopt;
        stamps.push_back(stamp_of(path));
        at = end + 1;
    }
    return stamps;
}

// A validator's identity(): its tools' versions. A failure is keyed by its status alone, so
// a broken tool never shares results with a working one, nor with a differently broken one.
// Remembered across runs (identity_memo) when the validator names the files it depends on.
std::string validator_identity(plugin_instance& p, const json::object& config) {
    if (!p.facts().identity) return "";
    identity_memo& memo = process_identity_memo();
    std::optional<std::string> key;
    if (p.facts().identity_files) {
        key = identity_memo_key(p.facts().file, json::serialize(config));
        if (auto remembered = memo.find(*key)) return *remembered;
    }
    // Stamped before identity() runs: a tool replaced meanwhile is seen as changed next time.
    auto stamps = identity_file_stamps(p);
    std::string text;
    evo_status s = p.call(
        [&](evo_instance* h) { return p.api().validator.identity(h, abi_guarded<append>, &text); });
    if (s != EVO_OK) return "unidentified: " + status_name(s); // asked again next run
    if (key && stamps) memo.remember(*key, text, std::move(*stamps));
    return text;
}

} // namespace

const json::object& runtime::resolved_config(std::string_view id) const {
    auto it = resolved_configs_.find(id);
    if (it == resolved_configs_.end())
        throw runtime_error("no plugin instance '" + std::string(id) + "'");
    return it->second;
}

std::string runtime::fingerprint(std::string_view id) const {
    std::lock_guard lock(fingerprints_mutex_);
    if (auto it = fingerprints_.find(id); it != fingerprints_.end()) return it->second;
    plugin_instance* p = find(id);
    if (!p) throw runtime_error("no plugin instance '" + std::string(id) + "'");
    json::object print{{"id", id},
                       {"plugin", p->facts().name},
                       {"version", p->facts().version},
                       {"config", config_by_content(p->facts(), resolved_config(id))}};
    if (p->kind() == EVO_KIND_VALIDATOR) print["identity"] = validator_identity(*p, resolved_config(id));
    std::string text = json::serialize(print);
    spdlog::debug("cache key part of [plugins.{}]: {}", id,
                  text); // why two runs do not share results
    return fingerprints_.emplace(std::string(id), std::move(text)).first->second;
}

} // namespace evo::host
