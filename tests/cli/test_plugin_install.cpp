// evo plugins install: a plugin checked as the loader will check it, copied into the user's
// plugin directory ($XDG_DATA_HOME/evo/plugins), where a manifest then finds it by name alone.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <fstream>
#include <iterator>

using namespace evo::test;
namespace fs = std::filesystem;

namespace {

// evo with XDG_DATA_HOME (and so the user's plugin directory) in a scratch directory.
struct user_home {
    scratch_dir scratch;
    fs::path data = scratch.path() / "data";
    fs::path plugins = data / "evo/plugins";

    run_result evo(const std::vector<std::string>& args) const {
        run_options o;
        o.cwd = scratch.path();
        o.env["XDG_DATA_HOME"] = data.string();
        o.env["EVO_LOG"] = "off";
        return run_evo(args, o);
    }
    // A manifest that names fixture-good by name only: no plugin_path.
    fs::path manifest() const {
        return scratch.write("evo.toml", "[pipeline]\nvalidators = [\"fixture-good\"]\n"
                                         "[plugins.fixture-good]\nmarker = \"TODO\"\n");
    }
};

std::string bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST_CASE("evo plugins install: a manifest then finds the plugin by name",
          "[cli][plugins][install]") {
    user_home home;
    auto manifest = home.manifest();
    auto before = home.evo({"-m", manifest.string(), "manifest", "check"});
    CHECK(before.exit_code == 2);
    CHECK(before.err.find("plugin 'fixture-good' not found: no evo-fixture-good.so in " +
                          home.plugins.string()) != std::string::npos);

    auto install = home.evo({"plugins", "install", fixture_file("fixture-good").string()});
    INFO(install.err);
    REQUIRE(install.exit_code == 0);
    const fs::path installed = home.plugins / "evo-fixture-good.so";
    CHECK(install.out == "installed fixture-good 2.3.4 (validator): " + installed.string() + "\n");
    CHECK(bytes(installed) == bytes(fixture_file("fixture-good")));
    // The plugin alone: no temporary left beside it.
    CHECK(std::distance(fs::directory_iterator(home.plugins), fs::directory_iterator()) == 1);

    auto after = home.evo({"-m", manifest.string(), "manifest", "check"});
    INFO(after.err);
    CHECK(after.exit_code == 0);

    auto listed = home.evo({"plugins", "--json"});
    bool found = false;
    const boost::json::value plugins = boost::json::parse(listed.out);
    for (const auto& p : plugins.as_array())
        if (p.as_object().at("file").as_string() == installed.string()) {
            found = true;
            CHECK(p.as_object().at("found_in").as_string() == "user");
        }
    CHECK(found);

    SECTION("the same file again: already installed") {
        auto again = home.evo({"plugins", "install", fixture_file("fixture-good").string()});
        CHECK(again.exit_code == 0);
        CHECK(again.out ==
              "fixture-good 2.3.4 (validator) is already installed: " + installed.string() + "\n");
    }
    SECTION("a different plugin of that name is replaced only with --force") {
        scratch_dir other;
        const fs::path rebuilt = other.path() / "evo-fixture-good.so";
        fs::copy_file(fixture_file("fixture-good"), rebuilt);
        std::ofstream(rebuilt, std::ios::binary | std::ios::app) << "a later build"; // still loads
        auto refused = home.evo({"plugins", "install", rebuilt.string()});
        CHECK(config_error_line(refused) ==
              "evo: error: " + installed.string() +
                  " exists and is a different plugin fixture-good; pass --force "
                  "to replace it");
        CHECK(bytes(installed) == bytes(fixture_file("fixture-good")));
        auto forced = home.evo({"plugins", "install", "--force", rebuilt.string()});
        INFO(forced.err);
        CHECK(forced.exit_code == 0);
        CHECK(bytes(installed) == bytes(rebuilt));
    }
}

TEST_CASE("evo plugins install refuses a plugin the loader would refuse and writes nothing",
          "[cli][plugins][install]") {
    user_home home;
    SECTION("a plugin lacking a required function") {
        const std::string file = fixture_file("fixture-missing-function").string();
        CHECK(
            config_error_line(home.evo({"plugins", "install", file})) ==
            "evo: error: " + file +
                ": validator plugin 'fixture-missing-function' lacks required functions: validate");
    }
    SECTION("a plugin whose file name is not its name") {
        const std::string file = fixture_file("fixture-misnamed").string();
        CHECK(config_error_line(home.evo({"plugins", "install", file})) ==
              "evo: error: " + file +
                  " calls itself 'fixture-other-name', expected 'fixture-misnamed'");
    }
    CHECK_FALSE(fs::exists(home.data));
}
