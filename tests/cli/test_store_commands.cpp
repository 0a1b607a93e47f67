// evo commands, show, history, rollback, remove through the real binary, over a store made
// with the command_store API (as evo evolve would register versions) in a scratch
// XDG_DATA_HOME.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"
#include "store_samples.hpp"
#include "store_sql.hpp"

#include <evo/host/command_store.hpp>

#include "sqlite_api.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using evo::host::command_store;

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// One user's data directory, and evo run with it; no manifest anywhere.
struct store_fixture {
    scratch_dir dir;
    fs::path file = dir.path() / "data/evo/commands.db";
    run_options options;

    store_fixture() {
        evo::host::use_sqlite_module(EVO_STORE_MODULE);
        options.env["XDG_DATA_HOME"] = dir.file("data");
        options.env["HOME"] = dir.file("home");
        // These commands load no manifest and no plugin: one that cannot be read is no matter.
        options.env["EVO_MANIFEST"] = dir.file("missing.toml");
        options.cwd = dir.path();
    }

    run_result evo(const std::vector<std::string>& args) const { return run_evo(args, options); }

    // slugify at version 2 of 2, count-lines (shell) at version 1.
    void seed() const {
        command_store store(file);
        store.add_version(sample_version("slugify", "print('v1')\n"));
        store.add_version(sample_version("slugify", "print('v2')\n", "slugs with underscores"));
        auto shell = sample_version("count-lines", "wc -l\n", "count the lines of stdin");
        shell.language = "shell";
        shell.runner = "bash";
        shell.file = "command.sh";
        store.add_version(shell);
    }
};

// The one line a missing command or version gives, with exit code 2.
std::string not_found_line(const run_result& r) {
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    REQUIRE(r.err_lines().size() == 1);
    return r.err_lines().front();
}

} // namespace

TEST_CASE("an empty store lists nothing and reading it creates no file", "[cli][store]") {
    store_fixture f;
    auto commands = f.evo({"commands"});
    CHECK(commands.exit_code == 0);
    CHECK_THAT(commands.out, StartsWith("no commands yet"));
    CHECK(f.evo({"commands", "--json"}).out == "[]\n");
    CHECK(f.evo({"history"}).exit_code == 0);
    CHECK(f.evo({"history", "--json"}).out == "[]\n");
    CHECK(not_found_line(f.evo({"show", "slugify"})) == "evo: error: no command slugify");
    CHECK(not_found_line(f.evo({"history", "slugify"})) == "evo: error: no command slugify");
    CHECK(not_found_line(f.evo({"rollback", "slugify"})) == "evo: error: no command slugify");
    CHECK(not_found_line(f.evo({"remove", "slugify"})) == "evo: error: no command slugify");
    CHECK_FALSE(fs::exists(f.dir.path() / "data"));
}

TEST_CASE("evo commands lists each command at its current version", "[cli][store]") {
    store_fixture f;
    f.seed();
    auto r = f.evo({"commands"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == "NAME         VERSION  LANGUAGE  DESCRIPTION\n"
                   "count-lines  1        shell     count the lines of stdin\n"
                   "slugify      2        python    slugs with underscores\n");
    auto listed = json::parse(f.evo({"commands", "--json"}).out).as_array();
    REQUIRE(listed.size() == 2);
    CHECK(listed[1].at("name") == "slugify");
    CHECK(listed[1].at("version") == 2);
    CHECK(listed[1].at("language") == "python");
    CHECK(listed[1].at("description") == "slugs with underscores");
}

TEST_CASE("evo show prints the code exactly as stored, or its metadata as JSON", "[cli][store]") {
    store_fixture f;
    f.seed();
    auto current = f.evo({"show", "slugify"});
    CHECK(current.exit_code == 0);
    CHECK(current.out == "print('v2')\n");
    CHECK(f.evo({"show", "slugify", "--version", "1"}).out == "print('v1')\n");

    auto meta = json::parse(f.evo({"show", "count-lines", "--json"}).out).as_object();
    const auto stored = command_store(f.file, true).current("count-lines");
    REQUIRE(stored);
    CHECK(meta.at("name") == "count-lines");
    CHECK(meta.at("version") == 1);
    CHECK(meta.at("language") == "shell");
    CHECK(meta.at("runner") == "bash");
    CHECK(meta.at("file") == "command.sh");
    CHECK(meta.at("code") == "wc -l\n");
    CHECK(meta.at("tests").as_string() == stored->tests.c_str());
    CHECK(meta.at("sha256").as_string() == stored->sha256.c_str());
    CHECK(meta.at("created_at").as_string() == stored->created_at.c_str());
    CHECK(meta.at("provider") == "replay");
    CHECK(meta.at("permissions").at("network") == false); // stored JSON stays JSON
    CHECK(meta.at("report").at("attempts") == 1);

    CHECK(not_found_line(f.evo({"show", "slugify", "--version", "9"})) ==
          "evo: error: slugify has no version 9");
    CHECK(not_found_line(f.evo({"show", "nope"})) == "evo: error: no command nope");
    CHECK(f.evo({"show"}).exit_code == 2);
}

TEST_CASE("rollback, remove and history through the binary", "[cli][store]") {
    store_fixture f;
    f.seed();
    auto back = f.evo({"rollback", "slugify"});
    CHECK(back.exit_code == 0);
    CHECK(back.out == "slugify: version 2 -> 1\n");
    CHECK(f.evo({"show", "slugify"}).out == "print('v1')\n");
    CHECK(not_found_line(f.evo({"rollback", "slugify"})) ==
          "evo: error: slugify is at its first version; nothing to roll back to");
    CHECK(f.evo({"rollback", "slugify", "--to", "2"}).out == "slugify: version 1 -> 2\n");
    CHECK(not_found_line(f.evo({"rollback", "slugify", "--to", "2"})) ==
          "evo: error: slugify is already at version 2");
    CHECK(not_found_line(f.evo({"rollback", "slugify", "--to", "5"})) ==
          "evo: error: slugify has no version 5");

    auto removed = f.evo({"remove", "slugify"});
    CHECK(removed.exit_code == 0);
    CHECK(removed.out == "slugify: removed (was version 2; evo rollback slugify restores it)\n");
    CHECK_THAT(f.evo({"commands"}).out, !Contains("slugify"));
    CHECK(not_found_line(f.evo({"show", "slugify"})) == "evo: error: no command slugify");
    CHECK(not_found_line(f.evo({"remove", "slugify"})) == "evo: error: no command slugify");
    CHECK(f.evo({"rollback", "slugify"}).out == "slugify: version - -> 2\n");
    CHECK(f.evo({"show", "slugify"}).out == "print('v2')\n");

    auto history = f.evo({"history", "slugify"});
    CHECK(history.exit_code == 0);
    const auto lines = [&] {
        std::vector<std::string> out;
        std::istringstream in(history.out);
        for (std::string line; std::getline(in, line);)
            out.push_back(line);
        return out;
    }();
    REQUIRE(lines.size() == 7); // a header and six changes, oldest first
    CHECK_THAT(lines[0], StartsWith("TIME"));
    CHECK_THAT(lines[1], Contains("slugify") && Contains("evolve") && Contains("- -> 1"));
    CHECK_THAT(lines[3], Contains("rollback") && Contains("2 -> 1"));
    CHECK_THAT(lines[5], Contains("remove") && Contains("2 -> -"));
    CHECK_THAT(lines[6], Contains("rollback") && Contains("- -> 2"));

    auto all = json::parse(f.evo({"history", "--json"}).out).as_array();
    REQUIRE(all.size() == 7); // count-lines' evolve too
    CHECK(all[2].at("name") == "count-lines");
    CHECK(all[5].at("action") == "remove");
    CHECK(all[5].at("previous") == 2);
    CHECK(all[5].at("version") == 0);
    for (std::size_t i = 1; i < all.size(); ++i)
        CHECK(all[i].at("id").as_int64() > all[i - 1].at("id").as_int64());
}

TEST_CASE("a store that cannot be used is a runtime error naming the file", "[cli][store]") {
    store_fixture f;
    fs::create_directories(f.file.parent_path());
    std::ofstream(f.file)
        << "not a database, only some text that is long enough to be read as a header\n";
    for (const auto& args : std::vector<std::vector<std::string>>{{"commands"},
                                                                  {"show", "slugify"},
                                                                  {"history"},
                                                                  {"rollback", "slugify"},
                                                                  {"remove", "slugify"}}) {
        auto r = f.evo(args);
        INFO(args.front());
        CHECK(r.exit_code == 3);
        REQUIRE(r.err_lines().size() == 1);
        CHECK(r.err_lines().front() ==
              "evo: error: " + f.file.string() + ": file is not a database");
    }
}

TEST_CASE("code changed outside evo is refused by evo show", "[cli][store]") {
    store_fixture f;
    f.seed();
    // The guard against updates is part of the file; someone who drops it is still caught.
    REQUIRE(store_sql::exec(f.file,
                            "DROP TRIGGER versions_no_update; "
                            "UPDATE versions SET code = 'import os' WHERE name = 'slugify'") == "");
    auto r = f.evo({"show", "slugify"});
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains("slugify version 2: the code does not match its SHA-256"));
}

TEST_CASE("evo does not link SQLite: the store loads it on first use", "[cli][store]") {
    // readelf comes with the linker that built evo (binutils).
    const std::string command = "readelf -d '" + evo_binary.string() + "'";
    std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::string dynamic;
    char buffer[4096];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0;)
        dynamic.append(buffer, n);
    REQUIRE_THAT(dynamic, Contains("(NEEDED)")); // readelf ran and the section was read
    CHECK_THAT(dynamic, !Contains("sqlite"));
}
