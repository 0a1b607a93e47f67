// Trust: a manifest found in the current directory (./evo.toml) may come from a repository
// being vetted, so evo uses it -- and loads the plugins its plugin_path points at -- only after
// `evo trust`. The fixture-load-marker plugin creates a file when it is loaded, which shows
// whether a plugin was loaded at all.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

namespace fs = std::filesystem;

// A repository with its own ./evo.toml whose plugin leaves a mark when loaded, a private
// trust store, and evo run from inside the repository.
struct cloned_repository {
    scratch_dir dir;
    fs::path manifest =
        dir.write("repo/evo.toml", fixture_plugin_path_line() + "[plugins.fixture-load-marker]\n");
    fs::path canonical = fs::canonical(manifest);
    fs::path marker = dir.path() / "plugin-was-loaded";
    fs::path store = dir.path() / "state/evo/trusted";
    run_options inside;

    cloned_repository() {
        inside.cwd = dir.path() / "repo";
        inside.env["XDG_STATE_HOME"] = dir.file("state");
        inside.env["EVO_FIXTURE_LOAD_MARKER"] = marker.string();
    }
    run_result evo(const std::vector<std::string>& args) const { return run_evo(args, inside); }
    bool plugin_loaded() const { return fs::exists(marker); }
};

std::string refusal(const fs::path& canonical, const std::string& why) {
    return "evo: error: " + canonical.string() + why + "; review it, then run: evo trust " +
           canonical.string();
}

} // namespace

TEST_CASE("an untrusted ./evo.toml is refused with exit 2, before any plugin loads",
          "[cli][trust]") {
    cloned_repository repo;
    for (const char* command : {"status", "validate"}) {
        INFO(command);
        std::vector<std::string> args{command};
        if (std::string(command) == "validate") args.push_back(".");
        auto result = repo.evo(args);
        CHECK(result.exit_code == 2);
        CHECK_THAT(result.err, EndsWith(refusal(repo.canonical,
                                                " is not trusted (a manifest found in the project "
                                                "can load its own plugins)") +
                                        "\n"));
    }
    CHECK_THAT(config_error_line(repo.evo({"manifest", "check"})), StartsWith("evo: error: "));
    CHECK_FALSE(repo.plugin_loaded());
}

TEST_CASE("evo trust records the manifest, and then it is used", "[cli][trust]") {
    cloned_repository repo;
    auto trusted = repo.evo({"trust"});
    INFO(trusted.err);
    REQUIRE(trusted.exit_code == 0);
    CHECK_THAT(trusted.out, StartsWith("trusted " + repo.canonical.string() + " (sha256 "));
    CHECK_FALSE(repo.plugin_loaded()); // trusting loads nothing

    std::ifstream in(repo.store);
    std::string line;
    REQUIRE(std::getline(in, line));
    CHECK(line.size() == 64 + 2 + repo.canonical.string().size());
    CHECK_THAT(line, EndsWith("  " + repo.canonical.string()));
    struct stat info {};
    REQUIRE(stat(repo.store.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);

    auto used = repo.evo({"manifest", "check"});
    INFO(used.err);
    CHECK(used.exit_code == 0);
    CHECK(repo.plugin_loaded());
}

TEST_CASE("an edit after trust makes the manifest untrusted again", "[cli][trust]") {
    cloned_repository repo;
    REQUIRE(repo.evo({"trust"}).exit_code == 0);
    std::ofstream(repo.manifest, std::ios::app) << "# one more line\n";
    CHECK_THAT(config_error_line(repo.evo({"manifest", "check"})),
               Equals(refusal(repo.canonical, " changed since it was trusted")));
    CHECK_FALSE(repo.plugin_loaded());
    REQUIRE(repo.evo({"trust", repo.manifest.string()}).exit_code == 0); // trusting it again
    CHECK(repo.evo({"manifest", "check"}).exit_code == 0);
}

TEST_CASE("evo trust --revoke makes evo refuse the manifest again", "[cli][trust]") {
    cloned_repository repo;
    REQUIRE(repo.evo({"trust"}).exit_code == 0);
    auto revoked = repo.evo({"trust", "--revoke"});
    CHECK(revoked.exit_code == 0);
    CHECK(revoked.out == "no longer trusted: " + repo.canonical.string() + "\n");
    CHECK_THAT(config_error_line(repo.evo({"manifest", "check"})), Contains(" is not trusted "));
    CHECK_FALSE(repo.plugin_loaded());
}

TEST_CASE("a manifest named with -m or EVO_MANIFEST needs no trust", "[cli][trust]") {
    cloned_repository repo;
    run_options options = repo.inside;
    SECTION("-m") {
        auto result = run_evo({"-m", repo.manifest.string(), "manifest", "check"}, options);
        INFO(result.err);
        CHECK(result.exit_code == 0);
    }
    SECTION("EVO_MANIFEST") {
        options.env["EVO_MANIFEST"] = repo.manifest.string();
        auto result = run_evo({"manifest", "check"}, options);
        INFO(result.err);
        CHECK(result.exit_code == 0);
    }
    CHECK(repo.plugin_loaded());
    CHECK_FALSE(fs::exists(repo.store)); // nothing was recorded
}

TEST_CASE("the user's own manifest ($XDG_CONFIG_HOME) needs no trust", "[cli][trust]") {
    cloned_repository repo;
    repo.dir.write("config/evo/manifest.toml",
                   fixture_plugin_path_line() + "[plugins.fixture-load-marker]\n");
    run_options options = repo.inside;
    options.cwd = repo.dir.path(); // no ./evo.toml here
    options.env["XDG_CONFIG_HOME"] = repo.dir.file("config");
    auto result = run_evo({"manifest", "check"}, options);
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(repo.plugin_loaded());
}
