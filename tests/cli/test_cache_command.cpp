// evo cache stats|clear|gc through the real binary, on a copy of the offline manifest whose
// cache is the sqlite one in a scratch directory.
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <sqlite3.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using evo::test::run_evo;
using evo::test::run_result;

const fs::path offline_manifest = EVO_OFFLINE_MANIFEST;

std::string read_file(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void replace(std::string& text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
}

void require_ok(const run_result& r) {
    INFO("stdout: " << r.out);
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
}

struct sqlite_cached {
    evo::test::scratch_dir scratch;
    fs::path database = scratch.path() / "cache.db";
    fs::path manifest;

    sqlite_cached() {
        std::string text = read_file(offline_manifest);
        const auto cassette =
            (offline_manifest.parent_path() / "cassettes" / "demo.jsonl").string();
        replace(text, "\"cassettes/demo.jsonl\"", json::serialize(json::string(cassette)));
        replace(text, "cache = \"memory\"", "cache = \"sqlite\"");
        replace(text, "[plugins.memory]",
                "[plugins.sqlite]\npath = " + json::serialize(json::string(database.string())));
        manifest = scratch.write("evo.toml", text);
    }
    run_result evo(std::vector<std::string> args) const {
        args.insert(args.begin(), {"-m", manifest.string()});
        evo::test::run_options o;
        o.cwd = scratch.path();
        return run_evo(args, o);
    }
    json::object stats() const {
        auto r = evo({"cache", "stats", "--json"});
        require_ok(r);
        json::value v = json::parse(r.out);
        REQUIRE(v.is_object());
        return v.as_object();
    }
    // Entries whose time ran out long ago, written as another evo process would have.
    void add_expired(int count) const {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(database.c_str(), &db) == SQLITE_OK);
        for (int i = 0; i < count; ++i) {
            std::string sql = "INSERT INTO entries(key, value, bytes, expires, used) VALUES ('old" +
                              std::to_string(i) + "', 'v', 5, 1, 1)";
            CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
        }
        sqlite3_close(db);
    }
};

uint64_t number(const json::object& o, const char* key) {
    return o.at(key).to_number<uint64_t>();
}

} // namespace

TEST_CASE("evo cache: stats after a gen, gc of expired entries, clear", "[cli][cache]") {
    sqlite_cached evo;
    require_ok(evo.evo({"gen", "a Python function that parses RFC 3339 dates"}));

    auto filled = evo.stats();
    CHECK(number(filled, "entries") >= 1);
    CHECK(number(filled, "bytes") > 0);
    CHECK(filled.contains("hits"));
    CHECK(filled.contains("misses"));
    CHECK(filled.contains("evictions"));
    const uint64_t after_gen = number(filled, "entries");

    auto text = evo.evo({"cache", "stats"});
    require_ok(text);
    CHECK(text.out.find("entries:    " + std::to_string(after_gen) + "\n") != std::string::npos);

    SECTION("gc removes the expired entries and keeps the rest") {
        evo.add_expired(2);
        CHECK(number(evo.stats(), "entries") == after_gen + 2);
        auto gc = evo.evo({"cache", "gc"});
        require_ok(gc);
        CHECK(gc.out == "removed 2 entries\n");
        CHECK(number(evo.stats(), "entries") == after_gen);
        auto again = evo.evo({"cache", "gc"});
        require_ok(again);
        CHECK(again.out == "removed 0 entries\n");
    }
    SECTION("clear empties it") {
        auto clear = evo.evo({"cache", "clear"});
        require_ok(clear);
        CHECK(clear.out == "cleared\n");
        auto empty = evo.stats();
        CHECK(number(empty, "entries") == 0);
        CHECK(number(empty, "bytes") == 0);
    }
}

TEST_CASE("evo cache on a manifest without a cache is a configuration error", "[cli][cache]") {
    evo::test::scratch_dir scratch;
    auto manifest = scratch.write("evo.toml", "[pipeline]\nvalidators = [\"python-syntax\"]\n"
                                              "[plugins.python-syntax]\n");
    for (const char* sub : {"stats", "clear", "gc"}) {
        evo::test::run_options o;
        o.cwd = scratch.path();
        auto r = run_evo({"-m", manifest.string(), "cache", sub}, o);
        INFO(sub << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        REQUIRE(r.err_lines().size() == 1);
        const std::string line = r.err_lines()[0];
        CHECK(line.rfind("evo: error: " + manifest.string() + ":", 0) == 0);
        CHECK(line.find("[pipeline] names no cache") != std::string::npos);
    }
}
