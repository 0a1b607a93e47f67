// evo trust [FILE]: lets evo use a manifest it finds in the current directory, as direnv's
// `allow` does; records its canonical path and the SHA-256 of its content, so an edit makes
// it untrusted again. --revoke forgets it. Loads nothing: trusting is only recording.
#include "../context.hpp"
#include "../manifest_search.hpp"
#include "../trusted_manifest.hpp"

#include <evo/host/trust.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <iostream>

namespace evo::cli {
namespace {

struct trust_options {
    std::string file; // empty: the evo.toml evo would find (here or above, in the work tree)
    bool revoke = false;
    bool as_json = false;
};

std::filesystem::path chosen(const trust_options& opt) {
    if (!opt.file.empty()) return opt.file;
    return find_project_manifest().value_or("evo.toml");
}

int trust(const trust_options& opt) {
    host::trust_store store(host::default_trust_file());
    manifest_bytes manifest = read_manifest_bytes(chosen(opt));
    const std::string digest = host::manifest_digest(manifest.text);
    store.trust(manifest.canonical, digest);
    if (opt.as_json)
        std::cout << boost::json::serialize(boost::json::object{
                         {"manifest", manifest.canonical.string()}, {"trusted", true}, {"sha256", digest}})
                  << '\n';
    else
        std::cout << "trusted " << manifest.canonical.string() << " (sha256 " << digest << ")\n";
    return 0;
}

int revoke(const trust_options& opt) {
    host::trust_store store(host::default_trust_file());
    // A manifest already deleted can still be forgotten.
    const auto path = std::filesystem::weakly_canonical(std::filesystem::absolute(chosen(opt)));
    const bool was = store.revoke(path);
    if (opt.as_json)
        std::cout << boost::json::serialize(boost::json::object{
                         {"manifest", path.string()}, {"trusted", false}, {"was_trusted", was}})
                  << '\n';
    else if (was)
        std::cout << "no longer trusted: " << path.string() << '\n';
    else
        std::cout << path.string() << " was not trusted\n";
    return 0;
}

} // namespace

void add_trust_command(CLI::App& app, context&, exit_slot exit) {
    auto opt = std::make_shared<trust_options>();
    auto* cmd = app.add_subcommand(
        "trust", "let evo use the evo.toml found in the project (here or up to the git work tree's root)");
    cmd->add_option("FILE", opt->file,
                   "the manifest to trust (default: the evo.toml evo finds here or in a parent "
                   "directory of the git work tree)");
    cmd->add_flag("--revoke", opt->revoke, "forget it: evo refuses it again");
    cmd->add_flag("--json", opt->as_json, "print the outcome as one JSON object");
    cmd->callback([exit, opt] { *exit = opt->revoke ? revoke(*opt) : trust(*opt); });
}

} // namespace evo::cli
