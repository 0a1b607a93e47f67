// The shipped offline manifest caches on disk (memory in front of sqlite): a second identical
// `evo gen` in a fresh process is answered from the file, --no-cache bypasses it, and
// `evo cache stats` shows both layers. Through the real binary, two processes sharing one
// XDG_CACHE_HOME as a user's runs do.
#include "cli_assertions.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

namespace {

namespace json = boost::json;
using evo::test::run_evo;
using evo::test::run_result;

const std::string offline_manifest = EVO_OFFLINE_MANIFEST;
const std::string request = "a Python calculator that evaluates an expression typed by the user";

struct shared_cache_home {
    evo::test::scratch_dir scratch;

    run_result evo(std::vector<std::string> args) const {
        args.insert(args.begin(), {"-m", offline_manifest});
        evo::test::run_options o;
        o.env["XDG_CACHE_HOME"] = scratch.file("cache");
        return run_evo(args, o);
    }
    json::object gen(const std::vector<std::string>& flags = {}) const {
        std::vector<std::string> args{"gen", "--json"};
        args.insert(args.end(), flags.begin(), flags.end());
        args.push_back(request);
        auto r = evo(args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return evo::test::json_object(r.out);
    }
};

} // namespace

TEST_CASE("a second identical gen in a fresh process is answered from the sqlite layer",
          "[cli][gen][cache]") {
    shared_cache_home home;
    auto first = home.gen();
    CHECK_FALSE(first.at("cache_hit").as_bool());
    CHECK(first.at("attempts").as_array().size() == 2); // the cassette's repair cycle
    CHECK(std::filesystem::exists(home.scratch.path() / "cache/evo/cache.db"));

    auto second = home.gen();
    CHECK(second.at("cache_hit").as_bool());
    CHECK(second.at("code") == first.at("code"));
    CHECK(second.at("outcome").as_string() == "passed");

    auto bypassed = home.gen({"--no-cache"});
    CHECK_FALSE(bypassed.at("cache_hit").as_bool());
    CHECK(bypassed.at("attempts").as_array().size() == 2); // the work again, not the entry
    CHECK(bypassed.at("code") == first.at("code"));

    auto stats = home.evo({"cache", "stats", "--json"});
    INFO(stats.err);
    REQUIRE(stats.exit_code == 0);
    const auto layers = json::parse(stats.out).as_array();
    REQUIRE(layers.size() == 2);
    CHECK(layers[0].at("cache").as_string() == "memory");
    CHECK(layers[0].at("entries").to_number<uint64_t>() == 0); // this process's, empty
    CHECK(layers[1].at("cache").as_string() == "sqlite");
    CHECK(layers[1].at("entries").to_number<uint64_t>() == 1); // the first gen's answer, only
}

TEST_CASE("each test run of evo has a cache of its own unless the test names one",
          "[cli][gen][cache]") {
    // The runner's scratch XDG_CACHE_HOME: the same gen twice, both answered by the model.
    for (int run = 0; run < 2; ++run) {
        auto r = run_evo({"-m", offline_manifest, "gen", "--json", request});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK_FALSE(json::parse(r.out).at("cache_hit").as_bool());
    }
}
