#include <evo/host/trust.hpp>

#include <evo/host/atomic_file.hpp>
#include <evo/host/error.hpp>
#include <evo/host/sha256.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace evo::host {

namespace fs = std::filesystem;

fs::path default_trust_file() {
    const char* state = std::getenv("XDG_STATE_HOME");
    if (state && *state && fs::path(state).is_absolute()) return fs::path(state) / "evo/trusted";
    const char* home = std::getenv("HOME");
    if (home && *home) return fs::path(home) / ".local/state/evo/trusted";
    throw config_error("cannot locate the trust store: set XDG_STATE_HOME or HOME");
}

trust_store::trust_store(fs::path file) : file_(std::move(file)) {}

std::vector<trust_store::entry> trust_store::read() const {
    std::vector<entry> entries;
    std::ifstream in(file_);
    for (std::string line; std::getline(in, line);) {
        // A line that is not "HEX64  /PATH" grants nothing.
        if (line.size() < 67 || line.compare(64, 2, "  ") != 0 || line[66] != '/') continue;
        entries.push_back({line.substr(0, 64), line.substr(66)});
    }
    return entries;
}

void trust_store::write(const std::vector<entry>& entries) const {
    std::error_code ec;
    fs::create_directories(file_.parent_path(), ec);
    if (ec) throw runtime_error("trust store " + file_.string() + ": " + ec.message());
    std::string text;
    for (const auto& e : entries)
        text += e.sha256 + "  " + e.path.string() + '\n';
    if (int error = write_file_atomically(file_, text, 0600))
        throw runtime_error("trust store " + file_.string() + ": cannot write: " + std::strerror(error));
}

std::optional<std::string> trust_store::recorded(const fs::path& canonical) const {
    for (const auto& e : read())
        if (e.path == canonical) return e.sha256;
    return std::nullopt;
}

void trust_store::trust(const fs::path& canonical, const std::string& sha256) {
    if (canonical.string().find('\n') != std::string::npos)
        throw config_error(canonical.string() +
                           ": a manifest whose path holds a newline cannot be trusted");
    auto entries = read();
    std::erase_if(entries, [&](const entry& e) { return e.path == canonical; });
    entries.push_back({sha256, canonical});
    write(entries);
}

bool trust_store::revoke(const fs::path& canonical) {
    auto entries = read();
    if (std::erase_if(entries, [&](const entry& e) { return e.path == canonical; }) == 0)
        return false;
    write(entries);
    return true;
}

std::string manifest_digest(std::string_view text) {
    return sha256_hex(text);
}

} // namespace evo::host
