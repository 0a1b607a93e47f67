// The project's evo.toml is found from a subdirectory too, up to the root of the git work tree
// (as ruff finds its configuration), and what is found there needs the user's trust exactly as
// ./evo.toml does. The fixture-load-marker plugin creates a file when it is loaded.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace evo::test;
using Catch::Matchers::Contains;

namespace {

namespace fs = std::filesystem;

struct nested_checkout {
    scratch_dir dir;
    fs::path manifest =
        dir.write("repo/evo.toml", fixture_plugin_path_line() + "[plugins.fixture-load-marker]\n");
    fs::path canonical = fs::canonical(manifest);
    fs::path marker = dir.path() / "plugin-was-loaded";
    run_options deep;

    nested_checkout() {
        fs::create_directories(dir.path() / "repo/.git");
        fs::create_directories(dir.path() / "repo/src/deep");
        deep.cwd = dir.path() / "repo/src/deep";
        deep.env["XDG_STATE_HOME"] = dir.file("state");
        deep.env["XDG_CONFIG_HOME"] = dir.file("config"); // no user manifest
        deep.env["EVO_FIXTURE_LOAD_MARKER"] = marker.string();
    }
    run_result evo(const std::vector<std::string>& args) const { return run_evo(args, deep); }
};

} // namespace

TEST_CASE("evo.toml at the work tree's root is found from a subdirectory, and needs trust",
          "[cli][manifest-search]") {
    nested_checkout repo;
    auto status = repo.evo({"status"});
    CHECK(status.exit_code == 2);
    CHECK_THAT(config_error_line(status), Contains(repo.canonical.string() + " is not trusted"));
    CHECK_FALSE(fs::exists(repo.marker));

    auto trusted = repo.evo({"trust"}); // no FILE: the one that would be found
    INFO(trusted.err);
    REQUIRE(trusted.exit_code == 0);
    CHECK(trusted.out.rfind("trusted " + repo.canonical.string() + " (sha256 ", 0) == 0);

    auto used = repo.evo({"status"});
    INFO(used.err);
    CHECK(used.exit_code == 0);
    CHECK_THAT(used.out, Contains("manifest:   " + repo.manifest.string()));
    CHECK(fs::exists(repo.marker));
}

TEST_CASE("the nearest evo.toml wins, and the search stops at the work tree's root",
          "[cli][manifest-search]") {
    nested_checkout repo;
    SECTION("a nearer one") {
        auto nearer = repo.dir.write("repo/src/evo.toml", "[pipeline]\n");
        auto trusted = repo.evo({"trust"});
        INFO(trusted.err);
        CHECK_THAT(trusted.out, Contains(fs::canonical(nearer).string()));
    }
    SECTION("not above the work tree") {
        fs::remove(repo.manifest);
        repo.dir.write("evo.toml", "[pipeline]\n"); // above repo/, outside the work tree
        auto status = repo.evo({"status"});
        INFO(status.err);
        CHECK_THAT(status.out, !Contains(repo.dir.file("evo.toml")));
        CHECK_THAT(status.err, !Contains("not trusted"));
    }
    SECTION("outside any work tree, only the current directory") {
        fs::remove_all(repo.dir.path() / "repo/.git");
        auto status = repo.evo({"status"});
        INFO(status.err);
        CHECK_THAT(status.out, !Contains(repo.manifest.string()));
        CHECK_THAT(status.err, !Contains("not trusted"));
    }
}
