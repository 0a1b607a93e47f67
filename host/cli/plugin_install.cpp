#include "plugin_install.hpp"

#include "stderr_line.hpp"

#include <evo/host/atomic_file.hpp>
#include <evo/host/error.hpp>
#include <evo/host/plugin_loader.hpp>
#include <evo/host/regular_file.hpp>

#include <cstring>
#include <filesystem>
#include <iostream>

namespace evo::cli {
namespace {

namespace fs = std::filesystem;

std::string bytes_of(const fs::path& file) {
    std::string bytes;
    const host::file_read read = host::read_regular_file(file, bytes);
    if (read.outcome != host::file_read::result::ok)
        throw host::runtime_error("cannot read " + file.string() + ": " + read.reason);
    return bytes;
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
    const std::string bytes = bytes_of(file);
    if (fs::exists(target, ec)) {
        std::string installed;
        if (host::read_regular_file(target, installed).outcome == host::file_read::result::ok &&
            installed == bytes) {
            std::cout << what << " is already installed: " << target.string() << '\n';
            return 0;
        }
        if (!force)
            throw host::config_error(target.string() + " exists and is a different plugin " +
                                     p.name() + "; pass --force to replace it");
    }
    // A concurrent evo loads the old plugin or the new one, never half a file.
    if (const int error = host::write_file_atomically(target, bytes, 0755))
        throw host::runtime_error("cannot install " + target.string() + ": " +
                                  std::strerror(error));
    std::cout << "installed " << what << ": " << target.string() << '\n';
    return 0;
}

} // namespace evo::cli
