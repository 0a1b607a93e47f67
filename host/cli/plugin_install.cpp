#include "plugin_install.hpp"

#include "stderr_line.hpp"

#include <evo/host/error.hpp>
#include <evo/host/plugin_loader.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace evo::cli {
namespace {

namespace fs = std::filesystem;

bool same_bytes(const fs::path& a, const fs::path& b) {
    std::ifstream x(a, std::ios::binary), y(b, std::ios::binary);
    if (!x || !y) return false;
    return std::equal(std::istreambuf_iterator<char>(x), {}, std::istreambuf_iterator<char>(y), {});
}

// Copied beside the target and renamed over it: a concurrent evo loads the old plugin or the
// new one, never half a file. The temporary goes on any failure.
void copy_atomically(const fs::path& from, const fs::path& to) {
    const fs::path aside =
        to.parent_path() / ("." + to.filename().string() + ".tmp" + std::to_string(::getpid()));
    std::error_code ec;
    fs::copy_file(from, aside, fs::copy_options::overwrite_existing, ec);
    if (!ec)
        fs::permissions(aside,
                        fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec,
                        ec);
    if (!ec) fs::rename(aside, to, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(aside, ignored);
        throw host::runtime_error("cannot install " + to.string() + ": " + ec.message());
    }
}

} // namespace

int install_plugin(const std::string& file, bool force) {
    const host::plugin_check check = host::check_plugin_file(file);
    for (const auto& problem : check.problems)
        stderr_error(problem);
    if (!check.plugin) return static_cast<int>(host::exit_code::usage);
    const auto& p = *check.plugin;
    const auto dir = host::user_plugin_dir();
    if (!dir) throw host::config_error("no user plugin directory: set XDG_DATA_HOME or HOME");
    std::error_code ec;
    fs::create_directories(*dir, ec);
    if (ec) throw host::runtime_error("cannot create " + dir->string() + ": " + ec.message());
    // The file passed the check, so its name is the one the loader looks for: evo-NAME.so.
    const fs::path target = *dir / fs::path(file).filename();
    const std::string what =
        p.name() + " " + p.descriptor.version + " (" + host::kind_name(p.descriptor.kind) + ")";
    if (fs::exists(target, ec)) {
        if (same_bytes(file, target)) {
            std::cout << what << " is already installed: " << target.string() << '\n';
            return 0;
        }
        if (!force)
            throw host::config_error(target.string() + " exists and is a different plugin " +
                                     p.name() + "; pass --force to replace it");
    }
    copy_atomically(file, target);
    std::cout << "installed " << what << ": " << target.string() << '\n';
    return 0;
}

} // namespace evo::cli
