// evo cache stats|clear|gc through the real binary, on a copy of the offline manifest whose
// cache (memory in front of sqlite) keeps its database in a scratch directory; and on layers
// of which one cannot be cleared.
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <sqlite3.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
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
        replace(text, "[plugins.sqlite]",
                "[plugins.sqlite]\npath = " + json::serialize(json::string(database.string())));
        manifest = scratch.write("evo.toml", text);
    }
    run_result evo(std::vector<std::string> args) const {
        args.insert(args.begin(), {"-m", manifest.string()});
        evo::test::run_options o;
        o.cwd = scratch.path();
        return run_evo(args, o);
    }
    // The sqlite layer's figures: `evo cache stats --json` prints one object per layer.
    json::object stats() const {
        auto r = evo({"cache", "stats", "--json"});
        require_ok(r);
        json::value v = json::parse(r.out);
        REQUIRE(v.is_array());
        const auto& layers = v.as_array();
        REQUIRE(layers.size() == 2);
        CHECK(layers[0].at("cache").as_string() == "memory"); // front first
        CHECK(layers[0].at("plugin").as_string() == "memory");
        REQUIRE(layers[1].at("cache").as_string() == "sqlite");
        return layers[1].as_object();
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

// The words of each line of a table.
std::vector<std::vector<std::string>> words_by_line(const std::string& text) {
    std::vector<std::vector<std::string>> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        lines.emplace_back(std::istream_iterator<std::string>(words),
                           std::istream_iterator<std::string>());
    }
    return lines;
}

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
    // A table, a row per layer: this process's memory layer saw nothing; the file keeps all.
    CHECK(words_by_line(text.out) ==
          std::vector<std::vector<std::string>>{
              {"cache", "plugin", "hits", "misses", "entries", "bytes", "evictions"},
              {"memory", "memory", "0", "0", "0", "0", "0"},
              {"sqlite", "sqlite", "0", "0", std::to_string(after_gen),
               std::to_string(number(filled, "bytes")), "0"}});
    CHECK(text.out.find("\nmemory  memory  0     0") != std::string::npos); // aligned columns

    SECTION("gc removes the expired entries and keeps the rest") {
        evo.add_expired(2);
        CHECK(number(evo.stats(), "entries") == after_gen + 2);
        auto gc = evo.evo({"cache", "gc"});
        require_ok(gc);
        CHECK(gc.out == "memory: removed 0 entries\nsqlite: removed 2 entries\n");
        CHECK(number(evo.stats(), "entries") == after_gen);
        auto again = evo.evo({"cache", "gc"});
        require_ok(again);
        CHECK(again.out == "memory: removed 0 entries\nsqlite: removed 0 entries\n");
    }
    SECTION("clear empties it") {
        auto clear = evo.evo({"cache", "clear"});
        require_ok(clear);
        CHECK(clear.out == "memory: cleared\nsqlite: cleared\n");
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

TEST_CASE("evo cache clear and gc do every layer they can and name each one they could not",
          "[cli][cache]") {
    evo::test::scratch_dir scratch;
    scratch.write("not-a-directory", "");
    // "files" has no clear or gc (fixture-directory-cache); "broken" is a sqlite layer whose
    // database cannot be opened, so its clear fails.
    auto manifest = [&](const std::string& layers) {
        return scratch.write(
            "evo.toml",
            evo::test::fixture_plugin_path_line() + "[pipeline]\ncache = " + layers +
                "\n[plugins.memory]\n"
                "[plugins.files]\nplugin = \"fixture-directory-cache\"\n"
                "directory = " +
                json::serialize(json::string(scratch.file("files"))) +
                "\n[plugins.broken]\nplugin = \"sqlite\"\npath = " +
                json::serialize(json::string(scratch.file("not-a-directory/cache.db"))) + "\n");
    };
    auto run = [&](const fs::path& file, const char* sub) {
        evo::test::run_options o;
        o.cwd = scratch.path();
        return run_evo({"-m", file.string(), "cache", sub}, o);
    };

    SECTION("a layer without the function: the others done, exit 2 naming it") {
        auto file = manifest("[\"memory\", \"files\"]");
        auto clear = run(file, "clear");
        CHECK(clear.exit_code == 2);
        CHECK(clear.out == "memory: cleared\n");
        CHECK(clear.err_lines() ==
              std::vector<std::string>{
                  "evo: error: cache 'files' (plugin fixture-directory-cache) does not "
                  "support clear"});
        auto gc = run(file, "gc");
        CHECK(gc.exit_code == 2);
        CHECK(gc.out == "memory: removed 0 entries\n");
        CHECK(gc.err_lines() ==
              std::vector<std::string>{
                  "evo: error: cache 'files' (plugin fixture-directory-cache) does not "
                  "support gc"});
        // A C++ cache that does not override stats() lacks it as a C plugin would: every
        // layer's row, the one without figures, and exit 2 naming it.
        auto stats = run(file, "stats");
        CHECK(stats.exit_code == 2);
        CHECK(words_by_line(stats.out) ==
              std::vector<std::vector<std::string>>{
                  {"cache", "plugin", "hits", "misses", "entries", "bytes", "evictions"},
                  {"memory", "memory", "0", "0", "0", "0", "0"},
                  {"files", "fixture-directory-cache", "-", "-", "-", "-", "-"}});
        CHECK(stats.err_lines() ==
              std::vector<std::string>{
                  "evo: error: cache 'files' (plugin fixture-directory-cache) does not "
                  "support stats"});
    }
    SECTION("a layer that fails: exit 3, every layer that could not named in one line") {
        auto file = manifest("[\"files\", \"broken\", \"memory\"]");
        auto clear = run(file, "clear");
        CHECK(clear.exit_code == 3);
        CHECK(clear.out == "memory: cleared\n"); // the last layer too: nothing stopped at the first
        REQUIRE(clear.err_lines().size() == 1);
        const std::string line = clear.err_lines()[0];
        CHECK(line.rfind(
                  "evo: error: cache 'files' (plugin fixture-directory-cache) does not support "
                  "clear; cache 'broken' clear failed: ",
                  0) == 0);
        CHECK(line.find("not-a-directory") != std::string::npos);
    }
}
