// A repeated evo gen answered from a persistent cache loads only the plugins it calls (the
// cache): what loading the others and checking their configurations established comes from
// the identity memo, until a plugin file or a configuration changes.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>

using namespace evo::test;
namespace json = boost::json;

namespace {

namespace fs = std::filesystem;

// The provider is a copy in the scratch directory, so that the test can touch it.
fs::path manifest(const scratch_dir& dir,
                  const std::string& validator_config = "sandbox = false\n") {
    return dir.write("evo.toml", "plugin_path = [\"plugins\", \"" + fixture_dir.string() + "\"]\n" +
                                     R"([pipeline]
provider = "fixture-canned"
validators = ["shell-syntax"]
cache = "sqlite"
[request]
language = "shell"
[plugins.fixture-canned]
answer = "```sh\necho hello\n```\n"
[plugins.shell-syntax]
)" + validator_config + "[plugins.sqlite]\n");
}

run_options options_for(const scratch_dir& dir) {
    run_options options;
    options.env["XDG_CACHE_HOME"] = dir.file("xdg-cache");
    return options;
}

struct gen_run {
    run_result raw;
    bool cache_hit = false;
};

gen_run gen(const scratch_dir& dir, const fs::path& m) {
    gen_run r{run_evo({"-v", "-m", m.string(), "gen", "--json", "print hello"}, options_for(dir))};
    INFO(r.raw.err);
    REQUIRE(r.raw.exit_code == 0);
    r.cache_hit = json::parse(r.raw.out).at("cache_hit").as_bool();
    return r;
}

bool loaded(const run_result& r, const std::string& plugin) {
    return r.err.find("loading plugin ") != std::string::npos &&
           r.err.find("/evo-" + plugin + ".so\n") != std::string::npos;
}

} // namespace

TEST_CASE("a repeated gen answered from the cache loads the cache plugin alone",
          "[cli][gen][cache][identity-memo]") {
    scratch_dir dir;
    fs::create_directories(dir.file("plugins"));
    fs::copy_file(fixture_file("fixture-canned"), dir.file("plugins/evo-fixture-canned.so"));
    set_mtime(dir.file("plugins/evo-fixture-canned.so"), 500000);
    const fs::path m = manifest(dir);

    const gen_run first = gen(dir, m);
    CHECK_FALSE(first.cache_hit);
    CHECK(loaded(first.raw, "fixture-canned"));
    CHECK(loaded(first.raw, "shell-syntax"));

    const gen_run second = gen(dir, m);
    CHECK(second.cache_hit);
    CHECK(loaded(second.raw, "sqlite"));
    CHECK_FALSE(loaded(second.raw, "fixture-canned"));
    CHECK_FALSE(loaded(second.raw, "shell-syntax"));

    SECTION("a plugin file touched is loaded and checked again, then remembered again") {
        set_mtime(dir.file("plugins/evo-fixture-canned.so"), 600000);
        const gen_run third = gen(dir, m);
        CHECK(third.cache_hit);
        CHECK(loaded(third.raw, "fixture-canned"));
        CHECK_FALSE(loaded(third.raw, "shell-syntax"));
        CHECK_FALSE(loaded(gen(dir, m).raw, "fixture-canned"));
    }
    SECTION("a configuration changed is checked again") {
        const fs::path changed = manifest(dir, "sandbox = false\ntimeout_ms = 9000\n");
        const gen_run third = gen(dir, changed);
        CHECK(loaded(third.raw, "shell-syntax"));
        CHECK_FALSE(loaded(gen(dir, changed).raw, "shell-syntax")); // remembered in its turn
    }
    SECTION("an invalid configuration is reported as evo manifest check reports it") {
        const fs::path broken = manifest(dir, "sandbox = false\nno_such_key = 1\n");
        const run_result r =
            run_evo({"-m", broken.string(), "gen", "print hello"}, options_for(dir));
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(config_error_line(r).find("evo.toml:12:15: [plugins.shell-syntax] no_such_key") !=
              std::string::npos);
        CHECK(config_error_line(r) == config_error_line(check_manifest(broken, options_for(dir))));
    }
    SECTION("a corrupt memo is ignored: everything is loaded and checked, then remembered again") {
        dir.write("xdg-cache/evo/identities.json", "{torn");
        const gen_run third = gen(dir, m);
        CHECK(third.cache_hit);
        CHECK(loaded(third.raw, "fixture-canned"));
        CHECK(loaded(third.raw, "shell-syntax"));
        const gen_run fourth = gen(dir, m);
        CHECK_FALSE(loaded(fourth.raw, "fixture-canned"));
        CHECK_FALSE(loaded(fourth.raw, "shell-syntax"));
    }
}
