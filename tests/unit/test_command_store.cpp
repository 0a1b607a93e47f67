// The command store: versions, the current version by history, rollback and remove, the
// append-only rule, and stores that cannot be used (tampered, not a database, newer).
#include <evo/host/command_store.hpp>

#include "scratch_dir.hpp"
#include "sqlite_api.hpp"
#include "store_samples.hpp"

#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <fstream>
#include <set>
#include <thread>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using evo::host::command_not_found_error;
using evo::host::command_store;
using evo::host::command_version;
using evo::host::history_entry;
using evo::host::store_error;
using evo::test::sample_version;

namespace {

namespace fs = std::filesystem;

// The test program is not in the build tree's bin/: the module is named to it.
struct store_module {
    store_module() { evo::host::use_sqlite_module(EVO_STORE_MODULE); }
} const module;

struct scratch_store {
    evo::test::scratch_dir dir;
    fs::path file = dir.path() / "data/evo/commands.db";
};

// Runs SQL on the file with SQLite itself, as something other than evo would; SQLite's error.
std::string try_sql(const fs::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    return code == SQLITE_OK ? "" : message.empty() ? "failed" : message;
}

void raw_sql(const fs::path& file, const std::string& sql) {
    REQUIRE(try_sql(file, sql) == "");
}

// YYYY-MM-DDTHH:MM:SSZ (not std::regex: GCC 12 warns inside <regex> at -O1, the sanitizer builds).
bool is_rfc3339_utc(const std::string& text) {
    const std::string shape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != shape.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(text[i]))
                            : text[i] != shape[i])
            return false;
    return true;
}

bool same(const history_entry& a, const history_entry& b) {
    return a.id == b.id && a.name == b.name && a.action == b.action && a.version == b.version &&
           a.previous == b.previous && a.at == b.at;
}

} // namespace

TEST_CASE("the store keeps every field of every version and numbers them per name",
          "[unit][store]") {
    scratch_store s;
    command_store store(s.file);
    auto first = sample_version("slugify", std::string("print('a')\n\0tail", 17));
    CHECK(store.add_version(first) == 1);
    CHECK(store.add_version(sample_version("slugify", "print('b')\n", "with underscores")) == 2);
    CHECK(store.add_version(sample_version("other", "echo hi\n")) == 1);

    auto current = store.current("slugify");
    REQUIRE(current);
    CHECK(current->version == 2);
    CHECK(current->code == "print('b')\n");
    CHECK(current->description == "with underscores");
    auto one = store.version("slugify", 1);
    REQUIRE(one);
    CHECK(one->code == first.code); // bytes as given, a NUL included
    CHECK(one->code.size() == 17);
    CHECK(one->language == first.language);
    CHECK(one->tests == first.tests);
    CHECK(one->runner == first.runner);
    CHECK(one->file == first.file);
    CHECK(one->request == first.request);
    CHECK(one->provider == first.provider);
    CHECK(one->model == first.model);
    CHECK(one->manifest_sha256 == first.manifest_sha256);
    CHECK(one->report == first.report);
    CHECK(one->permissions == first.permissions);
    CHECK(one->sha256.size() == 64);
    CHECK(is_rfc3339_utc(one->created_at));
    CHECK_FALSE(store.version("slugify", 3));
    CHECK_FALSE(store.current("missing"));

    const auto listed = store.list();
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].name == "other");
    CHECK(listed[1].name == "slugify");
    CHECK(listed[1].version == 2);
    CHECK(listed[1].description == "with underscores");

    struct stat info {};
    REQUIRE(stat(s.file.parent_path().c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
}

TEST_CASE("a SHA-256 given with the code must be the code's", "[unit][store]") {
    scratch_store s;
    command_store store(s.file);
    auto v = sample_version("slugify", "print(1)\n");
    v.sha256 = std::string(64, '0');
    CHECK_THROWS_AS(store.add_version(v), store_error);
    CHECK(store.history(std::nullopt).empty());
}

TEST_CASE("rollback goes to the version below, or to the one named", "[unit][store]") {
    scratch_store s;
    command_store store(s.file);
    CHECK_THROWS_WITH(store.rollback("slugify", std::nullopt), "no command slugify");
    store.add_version(sample_version("slugify", "v1\n"));
    CHECK_THROWS_WITH(store.rollback("slugify", std::nullopt),
                      "slugify is at its first version; nothing to roll back to");
    store.add_version(sample_version("slugify", "v2\n"));
    store.add_version(sample_version("slugify", "v3\n"));

    CHECK(store.rollback("slugify", std::nullopt) == 2);
    CHECK(store.current("slugify")->code == "v2\n");
    CHECK(store.rollback("slugify", std::nullopt) == 1);
    CHECK_THROWS_AS(store.rollback("slugify", std::nullopt), command_not_found_error);
    CHECK(store.rollback("slugify", 3) == 3); // forward again
    CHECK_THROWS_WITH(store.rollback("slugify", 3), "slugify is already at version 3");
    CHECK_THROWS_WITH(store.rollback("slugify", 7), "slugify has no version 7");
    CHECK(store.current("slugify")->version == 3);

    // A new version is the highest + 1 whatever is current.
    store.rollback("slugify", 1);
    CHECK(store.add_version(sample_version("slugify", "v4\n")) == 4);

    const auto h = store.history("slugify");
    REQUIRE(h.size() == 8);
    CHECK(h[3].action == "rollback");
    CHECK(h[3].previous == 3);
    CHECK(h[3].version == 2);
    CHECK(h[7].action == "evolve");
    CHECK(h[7].previous == 1);
    CHECK(h[7].version == 4);
}

TEST_CASE("remove hides a command; rollback brings back the version it had", "[unit][store]") {
    scratch_store s;
    command_store store(s.file);
    store.add_version(sample_version("slugify", "v1\n"));
    store.add_version(sample_version("slugify", "v2\n"));
    store.add_version(sample_version("slugify", "v3\n"));
    store.rollback("slugify", 2);
    store.remove("slugify");
    CHECK_FALSE(store.current("slugify"));
    CHECK(store.list().empty());
    CHECK(store.version("slugify", 3)); // still stored
    CHECK_THROWS_WITH(store.remove("slugify"), "no command slugify");
    CHECK_THROWS_WITH(store.remove("never"), "no command never");
    const auto removal = store.history("slugify").back();
    CHECK(removal.action == "remove");
    CHECK(removal.version == 0);
    CHECK(removal.previous == 2);

    CHECK(store.rollback("slugify", std::nullopt) == 2);
    CHECK(store.current("slugify")->code == "v2\n");

    store.remove("slugify");
    CHECK(store.rollback("slugify", 3) == 3); // or any version named
    store.remove("slugify");
    CHECK(store.add_version(sample_version("slugify", "v4\n")) == 4);
    CHECK(store.history("slugify").back().previous == 0);
}

TEST_CASE("history and versions only grow: earlier rows never change", "[unit][store]") {
    scratch_store s;
    command_store store(s.file);
    std::vector<history_entry> seen;
    std::vector<command_version> versions;
    auto check_unchanged = [&] {
        const auto now = store.history(std::nullopt);
        REQUIRE(now.size() > seen.size());
        for (std::size_t i = 0; i < seen.size(); ++i)
            CHECK(same(now[i], seen[i]));
        for (std::size_t i = 1; i < now.size(); ++i)
            CHECK(now[i].id > now[i - 1].id);
        for (const auto& v : versions) {
            auto again = store.version(v.name, v.version);
            REQUIRE(again);
            CHECK(again->code == v.code);
            CHECK(again->created_at == v.created_at);
        }
        seen = now;
    };
    for (int i = 1; i <= 3; ++i) {
        store.add_version(sample_version("a", "a" + std::to_string(i)));
        versions.push_back(*store.current("a"));
        check_unchanged();
    }
    store.rollback("a", std::nullopt);
    check_unchanged();
    store.remove("a");
    check_unchanged();
    store.rollback("a", 1);
    check_unchanged();

    // Not only this code: the file itself refuses to change or lose a row.
    const auto count = store.history(std::nullopt).size();
    CHECK(try_sql(s.file, "UPDATE versions SET code = 'x' WHERE name = 'a'") ==
          "versions are append-only");
    CHECK(try_sql(s.file, "DELETE FROM history") == "history is append-only");
    CHECK(try_sql(s.file, "UPDATE history SET version = 3") == "history is append-only");
    CHECK(try_sql(s.file, "DELETE FROM versions") == "versions are append-only");
    CHECK(store.history(std::nullopt).size() == count);
}

TEST_CASE("a read-only open of a missing store is an empty store and creates nothing",
          "[unit][store]") {
    scratch_store s;
    command_store store(s.file, true);
    CHECK(store.list().empty());
    CHECK(store.history(std::nullopt).empty());
    CHECK(store.history("slugify").empty());
    CHECK_FALSE(store.current("slugify"));
    CHECK_FALSE(store.version("slugify", 1));
    CHECK_THROWS_AS(store.add_version(sample_version("slugify", "x")), store_error);
    CHECK_THROWS_AS(store.remove("slugify"), store_error);
    CHECK_FALSE(fs::exists(s.file.parent_path()));
}

TEST_CASE("a read-only open sees what a writer registered", "[unit][store]") {
    scratch_store s;
    command_store(s.file).add_version(sample_version("slugify", "v1\n"));
    command_store reader(s.file, true);
    REQUIRE(reader.current("slugify"));
    CHECK(reader.current("slugify")->code == "v1\n");
    CHECK(reader.list().size() == 1);
}

TEST_CASE("code changed outside evo is refused on read", "[unit][store]") {
    scratch_store s;
    {
        command_store store(s.file);
        store.add_version(sample_version("slugify", "print('safe')\n"));
    }
    // Someone with write access to the file can drop the guard; the digest still catches it.
    raw_sql(s.file, "DROP TRIGGER versions_no_update; UPDATE versions SET code = 'import os' WHERE "
                    "name = 'slugify'");
    for (bool read_only : {false, true}) {
        command_store store(s.file, read_only);
        CHECK_THROWS_MATCHES(store.current("slugify"), store_error,
                             Catch::Matchers::Predicate<store_error>([&](const store_error& e) {
                                 return std::string(e.what()).find(s.file.string() +
                                                                   ": slugify version 1: ") == 0;
                             }));
        CHECK_THROWS_AS(store.version("slugify", 1), store_error);
    }
}

TEST_CASE("a version says how it runs: a runner and a plain file name, checked on write and read",
          "[unit][store]") {
    scratch_store s;
    command_store store(s.file);
    auto bad = [](std::string runner, std::string file) {
        auto v = sample_version("slugify", "print(1)\n");
        v.runner = std::move(runner);
        v.file = std::move(file);
        return v;
    };
    CHECK_THROWS_WITH(store.add_version(bad("", "command.py")),
                      s.file.string() + ": slugify: it has no runner");
    for (const char* file : {"", ".", "..", "../command.py", "sub/command.py", "/tmp/x"})
        CHECK_THROWS_WITH(store.add_version(bad("python3", file)),
                          s.file.string() + ": slugify: its file '" + file +
                              "' is not a plain file name");
    CHECK_FALSE(store.current("slugify")); // nothing was registered
    CHECK(store.history(std::nullopt).empty());

    store.add_version(bad("python3", "command.py"));
    // Past the triggers and the table's own checks, the read still refuses it.
    raw_sql(s.file, "PRAGMA ignore_check_constraints = ON; DROP TRIGGER versions_no_update; "
                    "UPDATE versions SET file = '../../bin/sh' WHERE name = 'slugify'");
    for (bool read_only : {false, true})
        CHECK_THROWS_WITH(command_store(s.file, read_only).current("slugify"),
                          s.file.string() +
                              ": slugify version 1: its file '../../bin/sh' is not a plain file "
                              "name (the store was changed outside evo)");
}

TEST_CASE("a file that is not a command store is refused, not changed", "[unit][store]") {
    scratch_store s;
    fs::create_directories(s.file.parent_path());
    SECTION("not a database") {
        const std::string text =
            "this is not an SQLite database, but it is long enough to look like a header\n";
        std::ofstream(s.file) << text;
        for (bool read_only : {true, false}) {
            try {
                command_store store(s.file, read_only);
                store.list();
                FAIL("opened");
            } catch (const store_error& e) {
                CHECK_THAT(e.what(),
                           StartsWith(s.file.string() + ": ") && Contains("not a database"));
            }
        }
        std::ifstream in(s.file);
        std::string after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CHECK(after == text);
    }
    SECTION("a newer schema") {
        command_store(s.file).add_version(sample_version("slugify", "x"));
        raw_sql(s.file, "PRAGMA user_version = 7");
        for (bool read_only : {true, false})
            CHECK_THROWS_WITH(command_store(s.file, read_only),
                              s.file.string() +
                                  ": written by a newer evo (store schema 7; this evo knows 1)");
    }
    SECTION("another program's database") {
        raw_sql(s.file, "CREATE TABLE notes (text TEXT)");
        for (bool read_only : {true, false})
            CHECK_THROWS_WITH(command_store(s.file, read_only),
                              s.file.string() +
                                  ": not an evo command store (a database of something else)");
    }
}

TEST_CASE("several processes add versions at once: none lost, none locked out", "[unit][store]") {
    scratch_store s;
    constexpr int writers = 4, each = 15;
    std::vector<pid_t> children;
    for (int w = 0; w < writers; ++w) {
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int status = 0;
            try {
                // Each opens the store itself, the first ones racing to create it.
                command_store store(s.file);
                for (int i = 0; i < each; ++i) {
                    store.add_version(sample_version("shared", "w" + std::to_string(w) + "-" +
                                                                   std::to_string(i)));
                    store.add_version(
                        sample_version("own-" + std::to_string(w), std::to_string(i)));
                }
            } catch (const std::exception& e) {
                std::fprintf(stderr, "writer %d: %s\n", w, e.what());
                status = 1;
            }
            _exit(status);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        REQUIRE(waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    command_store store(s.file, true);
    std::set<std::string> codes;
    for (int v = 1; v <= writers * each; ++v) {
        auto found = store.version("shared", v);
        REQUIRE(found);
        codes.insert(found->code);
    }
    CHECK(codes.size() == writers * each);
    CHECK_FALSE(store.version("shared", writers * each + 1));
    CHECK(store.current("shared")->version == writers * each);
    CHECK(store.history(std::nullopt).size() == 2 * writers * each);
    for (int w = 0; w < writers; ++w)
        CHECK(store.current("own-" + std::to_string(w))->version == each);
}

TEST_CASE("several threads change the store at once, each with its own connection",
          "[unit][store]") {
    scratch_store s;
    command_store(s.file).add_version(sample_version("shared", "v1"));
    constexpr int threads = 4, rounds = 10;
    std::vector<std::thread> running;
    std::vector<std::string> errors(threads);
    for (int t = 0; t < threads; ++t)
        running.emplace_back([&, t] {
            try {
                command_store store(s.file);
                const std::string own = "own-" + std::to_string(t);
                store.add_version(sample_version(own, "first"));
                for (int i = 0; i < rounds; ++i) {
                    store.add_version(
                        sample_version("shared", std::to_string(t) + "/" + std::to_string(i)));
                    store.add_version(sample_version(own, std::to_string(i)));
                    store.rollback(own, std::nullopt);
                }
            } catch (const std::exception& e) {
                errors[t] = e.what();
            }
        });
    for (auto& t : running)
        t.join();
    for (const auto& e : errors)
        CHECK(e == "");
    command_store store(s.file, true);
    const auto shared = store.history("shared");
    CHECK(shared.size() == 1 + threads * rounds);
    for (std::size_t i = 1; i < shared.size(); ++i)
        CHECK(shared[i].previous == shared[i - 1].version);
    CHECK(store.current("shared")->version == 1 + threads * rounds);
    for (int t = 0; t < threads; ++t) {
        const auto own = store.history("own-" + std::to_string(t));
        CHECK(own.size() == 1 + 2 * rounds);
        CHECK(store.current("own-" + std::to_string(t))->version == rounds);
    }
}
