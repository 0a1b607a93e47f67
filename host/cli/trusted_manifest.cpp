#include "trusted_manifest.hpp"

#include <evo/host/error.hpp>
#include <evo/host/regular_file.hpp>
#include <evo/host/trust.hpp>

#include <algorithm>
#include <cctype>

namespace evo::cli {

manifest_bytes read_manifest_bytes(const std::filesystem::path& path) {
    const std::string named = std::filesystem::absolute(path).lexically_normal().string();
    std::error_code ec;
    auto canonical = std::filesystem::canonical(path, ec);
    if (ec) throw host::config_error(named + ": no such manifest file");
    manifest_bytes out{canonical, {}};
    host::file_read read = host::read_regular_file(canonical, out.text);
    if (read.outcome != host::file_read::result::ok)
        throw host::config_error(named + ": cannot read the manifest: " + read.reason);
    return out;
}

std::string read_trusted_manifest(const std::filesystem::path& path) {
    manifest_bytes manifest = read_manifest_bytes(path);
    host::trust_store store(host::default_trust_file());
    auto recorded = store.recorded(manifest.canonical);
    if (recorded && *recorded == host::manifest_digest(manifest.text))
        return std::move(manifest.text);
    const std::string how = "; review it, then run: evo trust " + shell_word(manifest.canonical);
    if (recorded)
        throw host::config_error(manifest.canonical.string() + " changed since it was trusted" +
                                 how);
    throw host::config_error(
        manifest.canonical.string() +
        " is not trusted (a manifest found in the project can load its own plugins)" +
        how);
}

std::string shell_word(const std::filesystem::path& path) {
    const std::string text = path.string();
    auto plain = [](unsigned char c) {
        return std::isalnum(c) || std::string_view("/._+-=:,@%").find(c) != std::string_view::npos;
    };
    if (!text.empty() && std::all_of(text.begin(), text.end(), plain)) return text;
    std::string quoted = "'";
    for (char c : text)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

} // namespace evo::cli
