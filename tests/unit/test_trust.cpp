// The trust store: what `evo trust` records and what a ./evo.toml is checked against.
#include <evo/host/trust.hpp>

#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

using evo::host::trust_store;

namespace {

const std::string digest_a(64, 'a'), digest_b(64, 'b');

} // namespace

TEST_CASE("the trust store records, replaces and forgets a manifest's digest", "[unit][trust]") {
    evo::test::scratch_dir dir;
    trust_store store(dir.path() / "state/evo/trusted"); // directories created on first write
    const std::filesystem::path one = "/repo/one/evo.toml", two = "/repo/two/evo.toml";
    CHECK_FALSE(store.recorded(one));
    store.trust(one, digest_a);
    store.trust(two, digest_a);
    store.trust(one, digest_b); // replaces, never duplicates
    CHECK(store.recorded(one) == digest_b);
    CHECK(store.recorded(two) == digest_a);
    std::ifstream in(store.file());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text == digest_a + "  /repo/two/evo.toml\n" + digest_b + "  /repo/one/evo.toml\n");
    struct stat info {};
    REQUIRE(stat(store.file().c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(store.revoke(one));
    CHECK_FALSE(store.revoke(one));
    CHECK_FALSE(store.recorded(one));
    CHECK(store.recorded(two) == digest_a);
}

TEST_CASE("a line of the store that is not 'SHA256  /PATH' grants nothing", "[unit][trust]") {
    evo::test::scratch_dir dir;
    auto file = dir.write("trusted", "abc  /repo/evo.toml\n" + digest_a + " /repo/evo.toml\n" +
                                         digest_a + "  relative/evo.toml\n");
    trust_store store(file);
    CHECK_FALSE(store.recorded("/repo/evo.toml"));
    CHECK_FALSE(store.recorded("relative/evo.toml"));
}

TEST_CASE("the store lives under XDG_STATE_HOME, else ~/.local/state", "[unit][trust]") {
    const char* saved_state = std::getenv("XDG_STATE_HOME");
    const std::string state = saved_state ? saved_state : "";
    setenv("XDG_STATE_HOME", "/xdg/state", 1);
    CHECK(evo::host::default_trust_file() == "/xdg/state/evo/trusted");
    setenv("XDG_STATE_HOME", "relative", 1); // ignored, as the XDG spec says
    setenv("HOME", std::getenv("HOME") ? std::getenv("HOME") : "/home/someone", 1);
    CHECK(evo::host::default_trust_file() ==
          std::filesystem::path(std::getenv("HOME")) / ".local/state/evo/trusted");
    if (saved_state)
        setenv("XDG_STATE_HOME", state.c_str(), 1);
    else
        unsetenv("XDG_STATE_HOME");
}
