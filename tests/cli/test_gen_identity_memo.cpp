// A repeated evo gen is answered from a persistent cache without starting the validators or
// asking their tools' versions again (the identity memo), until a tool changes.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

using namespace evo::test;
namespace json = boost::json;

namespace {

namespace fs = std::filesystem;

// A bash on PATH before the real one: it logs each call and names itself by `version`. It and
// its directory are dated `mtime` (seconds past the epoch): long ago, as an installed tool is
// (evo does not remember what depends on a file modified a moment ago).
void write_fake_bash(const scratch_dir& dir, const std::string& version, time_t mtime) {
    std::string script = "#!/bin/sh\n";
    script += "echo \"$*\" >> " + dir.file("bash.log") + "\n";
    script += "if [ \"$1\" = --version ]; then echo 'fake bash " + version + "'; exit 0; fi\n";
    script += "exec /usr/bin/bash \"$@\"\n";
    fs::permissions(dir.write("bin/bash", script), fs::perms::owner_all);
    set_mtime(dir.file("bin/bash"), mtime);
    set_mtime(dir.file("bin"), mtime);
}

std::size_t version_calls(const scratch_dir& dir) {
    std::ifstream in(dir.file("bash.log"));
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);)
        n += line == "--version";
    return n;
}

fs::path manifest(const scratch_dir& dir) {
    return dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
provider = "fixture-canned"
validators = ["shell-syntax"]
cache = "sqlite"
[request]
language = "shell"
[plugins.fixture-canned]
answer = "```sh\necho hello\n```\n"
[plugins.shell-syntax]
sandbox = false # the fake bash lives in the scratch directory
[plugins.sqlite]
)");
}

struct gen_run {
    run_result raw;
    bool cache_hit = false;
};

gen_run gen(const scratch_dir& dir) {
    run_options options;
    options.env["XDG_CACHE_HOME"] = dir.file("xdg-cache");
    options.env["PATH"] = dir.file("bin") + ":/usr/bin:/bin";
    gen_run r{
        run_evo({"-v", "-m", manifest(dir).string(), "gen", "--json", "print hello"}, options)};
    INFO(r.raw.err);
    REQUIRE(r.raw.exit_code == 0);
    r.cache_hit = json::parse(r.raw.out).at("cache_hit").as_bool();
    return r;
}

bool started(const run_result& r, const std::string& id) {
    return r.err.find("started [plugins." + id + "]") != std::string::npos;
}

} // namespace

TEST_CASE("a repeated gen is answered from the sqlite cache without starting the validators",
          "[cli][gen][cache][identity-memo]") {
    scratch_dir dir;
    write_fake_bash(dir, "1", 500000);

    const gen_run first = gen(dir);
    CHECK_FALSE(first.cache_hit);
    CHECK(started(first.raw, "shell-syntax"));
    CHECK(version_calls(dir) == 1);
    CHECK(fs::exists(dir.file("xdg-cache/evo/identities.json")));

    const gen_run second = gen(dir);
    CHECK(second.cache_hit);
    CHECK_FALSE(started(second.raw, "shell-syntax"));
    CHECK_FALSE(started(second.raw, "fixture-canned"));
    CHECK(started(second.raw, "sqlite"));
    CHECK(version_calls(dir) == 1); // the identity came from the memo

    SECTION("a tool touched is asked its version again; the same version keeps the entry") {
        set_mtime(dir.file("bin/bash"), 1000000);
        const gen_run third = gen(dir);
        CHECK(version_calls(dir) == 2);
        CHECK(third.cache_hit);
        CHECK(gen(dir).cache_hit);
        CHECK(version_calls(dir) == 2); // remembered again
    }
    SECTION("a tool replaced by another version invalidates the memo and the entry") {
        write_fake_bash(dir, "2", 2000000);
        const gen_run third = gen(dir);
        CHECK(version_calls(dir) == 2);
        CHECK_FALSE(third.cache_hit);
        CHECK(started(third.raw, "shell-syntax"));
    }
    SECTION("a corrupt memo is rewritten") {
        dir.write("xdg-cache/evo/identities.json", "{torn");
        CHECK(gen(dir).cache_hit);
        CHECK(version_calls(dir) == 2);
        CHECK(gen(dir).cache_hit);
        CHECK(version_calls(dir) == 2);
    }
}

TEST_CASE("a plugin that refuses to start is the same config error when gen starts its plugins",
          "[cli][gen][cache][identity-memo]") {
    scratch_dir dir;
    const fs::path m = dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
provider = "fixture-canned"
validators = ["fixture-create-fails"]
cache = "sqlite"
[plugins.fixture-canned]
answer = "```python\nprint(1)\n```\n"
[plugins.fixture-create-fails]
[plugins.sqlite]
)");
    run_options options;
    options.env["XDG_CACHE_HOME"] = dir.file("xdg-cache");
    const run_result r = run_evo({"-m", m.string(), "gen", "print one"}, options);
    CHECK(r.out.empty());
    CHECK(config_error_line(r) == config_error_line(check_manifest(m, options)));
}
