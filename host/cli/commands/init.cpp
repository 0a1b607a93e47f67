// evo init [--offline | --local-llm URL] [--force]: writes a commented ./evo.toml from one of
// the installation's templates (share/evo/init/*.toml: the host names no plugin itself) and
// trusts it, so the next evo run here uses it. The manifest names no plugin_path: the plugins
// are found in the installation's plugin directory, wherever evo is installed.
//
// Without a flag: an OpenAI-compatible server on this machine (llama.cpp's port unless
// EVO_LLM_BASE_URL says otherwise), the path init -> validate -> gen; validate needs no
// server. --offline: no provider at all (gen is refused, the file says how to add one).
#include "../context.hpp"
#include "../local_llm_url.hpp"
#include "../templates.hpp"

#include <evo/host/atomic_file.hpp>
#include <evo/host/error.hpp>
#include <evo/host/trust.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace evo::cli {
namespace {

namespace fs = std::filesystem;

struct init_options {
    bool offline = false;
    std::string local_llm;
    bool force = false;
};

constexpr const char* default_base_url = "${EVO_LLM_BASE_URL:-http://127.0.0.1:8080/v1}";

// The manifest from the installation's templates (share/evo/init).
std::string manifest_text(const init_options& opt, const host::installation& install) {
    const fs::path templates = install.data_dir / "init";
    if (opt.offline) return filled_template(templates / "offline.toml", {});
    const bool default_server = opt.local_llm.empty();
    return filled_template(
        templates / "local-llm.toml",
        {{"SERVER_KIND",
          default_server
              ? "llama.cpp, vLLM, Ollama's /v1; by default llama.cpp's address below,\n# "
                "or EVO_LLM_BASE_URL when set"
              : "the one given to evo init --local-llm"},
         {"BASE_URL", default_server ? default_base_url : opt.local_llm},
         {"MODEL", "local"}});
}

[[noreturn]] void already_there(const fs::path& target) {
    throw host::config_error(target.string() + " already exists (evo init --force replaces it)");
}

// Written at once (a reader sees no part of it); without `replace` the rename itself refuses
// an existing target, so a file created meanwhile survives.
void write_atomically(const fs::path& target, const std::string& text, bool replace) {
    const int error = host::write_file_atomically(
        target, text, 0644, replace ? host::if_present::replace : host::if_present::refuse);
    if (error == EEXIST) already_there(target);
    if (error)
        throw host::runtime_error("cannot write " + target.string() + ": " + std::strerror(error));
}

int init(const init_options& opt, const context& ctx) {
    const fs::path target = fs::absolute("evo.toml");
    std::error_code ec;
    if (!opt.force && fs::exists(fs::symlink_status(target, ec))) already_there(target);
    if (!opt.local_llm.empty()) check_local_llm_url(opt.local_llm);
    // The trust store is checked before anything is written: a manifest left untrusted would
    // only be refused at the next run.
    host::trust_store store(host::default_trust_file());
    const std::string text = manifest_text(opt, ctx.install);
    write_atomically(target, text, opt.force);
    // The bytes written are the bytes trusted: were the file replaced in between, the
    // replacement would stay untrusted.
    const fs::path canonical = fs::canonical(target);
    store.trust(canonical, host::manifest_digest(text));
    std::cout << "wrote " << canonical.string() << " and trusted it ("
              << (opt.offline ? "offline: validators and a cache, no model"
                              : "a model at " + (opt.local_llm.empty()
                                                     ? std::string("http://127.0.0.1:8080/v1")
                                                     : opt.local_llm))
              << ")\nnext: evo manifest check; evo validate ."
              << (opt.offline ? "" : "; evo gen \"REQUEST\"") << '\n';
    return 0;
}

} // namespace

void add_init_command(CLI::App& app, context& ctx, exit_slot exit) {
    auto opt = std::make_shared<init_options>();
    auto* cmd =
        app.add_subcommand("init", "write a commented ./evo.toml for this directory and trust it");
    auto* offline =
        cmd->add_flag("--offline", opt->offline,
                      "no network and no model: validators and a cache (gen is refused)");
    cmd->add_option("--local-llm", opt->local_llm,
                    "an OpenAI-compatible server (Ollama, llama.cpp) at URL, e.g. "
                    "http://127.0.0.1:11434/v1")
        ->excludes(offline);
    cmd->add_flag("--force", opt->force, "replace an existing ./evo.toml");
    cmd->callback([&ctx, exit, opt] { *exit = init(*opt, ctx); });
}

} // namespace evo::cli
