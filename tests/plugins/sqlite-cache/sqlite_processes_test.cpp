// Many evo processes share one cache file: concurrent writers, and a writer killed mid-put.
#include "scratch_dir.hpp"
#include "sqlite_store.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <sstream>

using namespace std::chrono_literals;
using sqlite_cache::limits;
using sqlite_cache::sqlite_store;

namespace {

// Runs `body` in a child process, which exits 0 when it returns and 1 when it throws. The
// child opens its own connection: nothing of SQLite crosses the fork.
template <class Body> pid_t spawn(Body body) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int code = 0;
        try {
            body();
        } catch (...) {
            code = 1;
        }
        ::_exit(code);
    }
    return pid;
}

int exit_status(pid_t pid) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return status;
}

std::string integrity_check(const std::string& path) {
    sqlite3* db = nullptr;
    std::string result;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW)
            result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return result;
}

std::string value_for(int i) {
    return "value " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 97), '.');
}

} // namespace

TEST_CASE("sqlite store: two processes write one file at once and read each other's entries",
          "[sqlite-cache]") {
    evo::test::scratch_dir dir;
    const std::string path = dir.file("shared.db");
    constexpr int count = 200;

    pid_t child = spawn([&] {
        sqlite_store store(path, limits{}, nullptr);
        for (int i = 0; i < count; ++i)
            store.put("child " + std::to_string(i), value_for(i), 0s);
    });
    std::vector<std::string> warnings;
    sqlite_store store(path, limits{}, [&](std::string_view w) { warnings.emplace_back(w); });
    for (int i = 0; i < count; ++i)
        store.put("parent " + std::to_string(i), value_for(i), 0s);
    REQUIRE(exit_status(child) == 0);

    for (int i = 0; i < count; ++i) {
        CHECK(store.get("child " + std::to_string(i)) == value_for(i));
        CHECK(store.get("parent " + std::to_string(i)) == value_for(i));
    }
    CHECK(store.stats().entries == 2 * count);
    CHECK(warnings.empty());
}

TEST_CASE("sqlite store: a writer killed with SIGKILL loses no committed entry", "[sqlite-cache]") {
    evo::test::scratch_dir dir;
    const std::string path = dir.file("killed.db");
    int report[2];
    REQUIRE(::pipe(report) == 0);

    // The child puts entries forever and writes each key to the pipe once put has returned.
    pid_t child = spawn([&] {
        ::close(report[0]);
        sqlite_store store(path, limits{}, nullptr);
        for (int i = 0;; ++i) {
            std::string key = "key " + std::to_string(i);
            store.put(key, value_for(i), 0s);
            key += '\n';
            if (::write(report[1], key.data(), key.size()) != static_cast<ssize_t>(key.size()))
                throw std::runtime_error("pipe");
        }
    });
    ::close(report[1]);

    // Kill it mid-stream, once it has reported a good number of puts.
    std::string reported;
    char buffer[4096];
    while (std::count(reported.begin(), reported.end(), '\n') < 300) {
        ssize_t n = ::read(report[0], buffer, sizeof buffer);
        REQUIRE(n > 0);
        reported.append(buffer, static_cast<std::size_t>(n));
    }
    REQUIRE(::kill(child, SIGKILL) == 0);
    int status = exit_status(child);
    CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
    for (ssize_t n; (n = ::read(report[0], buffer, sizeof buffer)) > 0;)
        reported.append(buffer, static_cast<std::size_t>(n));
    ::close(report[0]);

    CHECK(integrity_check(path) == "ok");
    sqlite_store store(path, limits{}, nullptr);
    std::istringstream lines(reported);
    int done = 0;
    // A line without its newline was cut by the kill: that put may or may not have committed.
    for (std::string line; std::getline(lines, line) && !lines.eof(); ++done) {
        int i = std::stoi(line.substr(4));
        CHECK(store.get(line) == value_for(i));
    }
    CHECK(done >= 300);
    CHECK(integrity_check(path) == "ok");
}
