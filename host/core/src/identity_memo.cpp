#include <evo/host/identity_memo.hpp>

#include <evo/host/atomic_file.hpp>
#include <evo/host/sha256.hpp>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

namespace evo::host {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// Enough for every validator of several manifests; past it the oldest entries go.
constexpr std::size_t max_entries = 256;

// A file modified this recently may be rewritten within the granularity of its timestamp,
// keeping its size and inode: its stamp would not show that (git's "racy clean" files). A
// text depending on one is not remembered until the file has been left alone this long.
constexpr uint64_t racy_ns = 2'000'000'000;

uint64_t now_ns() {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<uint64_t>(now.tv_sec) * 1000000000u + static_cast<uint64_t>(now.tv_nsec);
}

json::array stamp_json(const file_stamp& s) {
    return {s.path, s.exists, s.size, s.mtime_ns, s.inode, s.device};
}

file_stamp stamp_from(const json::value& v) {
    const auto& a = v.as_array();
    return {std::string(a.at(0).as_string()), a.at(1).as_bool(),
            a.at(2).to_number<uint64_t>(),    a.at(3).to_number<uint64_t>(),
            a.at(4).to_number<uint64_t>(),    a.at(5).to_number<uint64_t>()};
}

} // namespace

file_stamp stamp_of(const std::string& path) {
    file_stamp s;
    s.path = path;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return s;
    s.exists = true;
    s.size = static_cast<uint64_t>(st.st_size);
    s.mtime_ns = static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000u +
                 static_cast<uint64_t>(st.st_mtim.tv_nsec);
    s.inode = static_cast<uint64_t>(st.st_ino);
    s.device = static_cast<uint64_t>(st.st_dev);
    return s;
}

fs::path default_identity_memo_file() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg && fs::path(xdg).is_absolute()) return fs::path(xdg) / "evo/identities.json";
    const char* home = std::getenv("HOME");
    if (home && *home) return fs::path(home) / ".cache/evo/identities.json";
    return {};
}

std::string identity_memo_key(const fs::path& plugin_file, const std::string& config_json) {
    const char* path = std::getenv("PATH");
    std::error_code ec;
    // The working directory too: a tool named by a relative path, or found through a relative
    // PATH entry, is another file elsewhere.
    const fs::path cwd = fs::current_path(ec);
    json::object material{{"plugin", stamp_json(stamp_of(plugin_file.string()))},
                          {"config", config_json},
                          {"PATH", path ? path : ""},
                          {"cwd", cwd.string()}};
    return sha256_hex(json::serialize(material));
}

identity_memo& process_identity_memo() {
    static identity_memo memo(default_identity_memo_file());
    return memo;
}

identity_memo::identity_memo(fs::path file) : file_(std::move(file)) {}

identity_memo::entries identity_memo::read(const fs::path& file) {
    entries all;
    std::ifstream in(file, std::ios::binary);
    if (!in) return all;
    std::ostringstream text;
    text << in.rdbuf();
    try {
        const json::value doc = json::parse(text.str());
        if (doc.at("version").to_number<int>() != 1) return {};
        for (const auto& kv : doc.at("entries").as_object()) {
            const auto& o = kv.value().as_object();
            entry e;
            e.text = std::string(o.at("text").as_string());
            e.written = o.at("written").to_number<int64_t>();
            for (const auto& f : o.at("files").as_array())
                e.files.push_back(stamp_from(f));
            all.emplace_back(std::string(kv.key()), std::move(e));
        }
    } catch (const std::exception& e) { // torn by hand, another version, not JSON: start afresh
        spdlog::debug("ignoring the identity memo {}: {}", file.string(), e.what());
        return {};
    }
    return all;
}

void identity_memo::write(const entries& all) const {
    json::object list;
    for (const auto& [key, e] : all) {
        json::array files;
        for (const auto& f : e.files)
            files.push_back(stamp_json(f));
        list[key] =
            json::object{{"text", e.text}, {"written", e.written}, {"files", std::move(files)}};
    }
    const std::string text =
        json::serialize(json::object{{"version", 1}, {"entries", std::move(list)}});
    std::error_code ec;
    fs::create_directories(file_.parent_path(), ec);
    if (write_file_atomically(file_, text, 0600) != 0)
        spdlog::debug("cannot write the identity memo {}", file_.string());
}

std::optional<std::string> identity_memo::find(const std::string& key) {
    if (file_.empty()) return std::nullopt;
    std::lock_guard lock(mutex_);
    if (!loaded_) loaded_ = read(file_);
    auto it = std::find_if(loaded_->begin(), loaded_->end(),
                           [&](const auto& e) { return e.first == key; });
    if (it == loaded_->end()) return std::nullopt;
    for (const auto& f : it->second.files)
        if (stamp_of(f.path) != f) {
            spdlog::debug("identity memo: {} changed", f.path);
            return std::nullopt;
        }
    return it->second.text;
}

void identity_memo::remember(const std::string& key, const std::string& text,
                             std::vector<file_stamp> files) {
    if (file_.empty()) return;
    const uint64_t now = now_ns();
    for (const auto& f : files)
        if (f.exists && f.mtime_ns + racy_ns > now) {
            spdlog::debug("identity memo: {} changed just now; not remembered yet", f.path);
            return;
        }
    entry e{text, std::move(files), static_cast<int64_t>(std::time(nullptr))};
    std::lock_guard lock(mutex_);
    // Merged into the file as it is now, not as this process read it: another evo may have
    // added entries since.
    entries all = read(file_);
    std::erase_if(all, [&](const auto& x) { return x.first == key; });
    all.emplace_back(key, e);
    if (all.size() > max_entries) {
        std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
            return a.second.written > b.second.written;
        });
        all.resize(max_entries);
    }
    write(all);
    loaded_ = std::move(all);
}

} // namespace evo::host
