// Durability: programs that change the command store are killed with SIGKILL at many points
// of their run; after each kill the store must pass SQLite's integrity check and every
// command must be wholly at its old or its new version -- never between.
//
// The programs killed are a list (kill_targets): evo evolve (the offline demo's, which asks the
// replay provider twice and runs the tests in the sandbox before it writes), evo rollback and
// evo remove, and a driver that registers versions in a loop as evo evolve does, so that kills
// land inside writes too. A target says how to start it given the store's state, and how many
// changes one run of it may make.
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"
#include "store_samples.hpp"
#include "store_sql.hpp"

#include <evo/host/command_store.hpp>

#include "sqlite_api.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <map>
#include <thread>

extern char** environ;

using namespace evo::test;

namespace {

namespace fs = std::filesystem;

// What the history says: each name's current version (0: removed).
std::map<std::string, int> current_versions(const fs::path& file) {
    std::map<std::string, int> current;
    for (const auto& row : store_sql::query(file, "SELECT name, version FROM history ORDER BY id"))
        current[row[0]] = std::stoi(row[1]);
    return current;
}

int history_count(const fs::path& file) {
    return std::stoi(store_sql::query(file, "SELECT count(*) FROM history").at(0).at(0));
}

struct kill_target {
    std::string label;
    // The program and its arguments, given each name's current version before the run.
    std::function<std::vector<std::string>(const std::map<std::string, int>&)> command;
    int max_changes = 1; // history entries one complete run adds at most
};

const std::string evo = evo_binary.string();

std::vector<kill_target> kill_targets() {
    return {
        {"evo evolve",
         [](const auto&) {
             return std::vector<std::string>{
                 evo,      "-m",    EVO_OFFLINE_MANIFEST,
                 "evolve", "delta", "turn each line of stdin into a URL slug"};
         }},
        {"evo rollback",
         [](const auto& current) {
             if (current.at("alpha") > 1) return std::vector<std::string>{evo, "rollback", "alpha"};
             return std::vector<std::string>{evo, "rollback", "alpha", "--to", "3"};
         }},
        {"evo remove, then evo rollback to restore",
         [](const auto& current) {
             if (current.at("beta") > 0) return std::vector<std::string>{evo, "remove", "beta"};
             return std::vector<std::string>{evo, "rollback", "beta"};
         }},
        {"evo rollback --to, on a command the driver adds versions to",
         [](const auto& current) {
             return std::vector<std::string>{evo, "rollback", "gamma", "--to",
                                             current.at("gamma") == 1 ? "2" : "1"};
         }},
        {"registering versions (evo evolve's add_version) in a loop",
         [](const auto&) {
             return std::vector<std::string>{EVO_STORE_DRIVER, "gamma", "5"};
         },
         5},
    };
}

// Starts `argv` with the scratch data directory and returns its pid; output goes nowhere.
// The offline manifest caches on disk: each run gets an empty cache beside the data directory,
// so the user's is never touched and every evolve does the whole work (a cached one would end
// before most of the kills timed from the first run).
pid_t start(const std::vector<std::string>& argv, const fs::path& data_home) {
    static int runs = 0;
    const fs::path cache_home = data_home.parent_path() / ("cache-" + std::to_string(++runs));
    std::vector<std::string> env{"XDG_DATA_HOME=" + data_home.string(),
                                 "XDG_CACHE_HOME=" + cache_home.string()};
    for (char** entry = environ; *entry; ++entry) {
        std::string_view text(*entry);
        if (!text.starts_with("XDG_DATA_HOME=") && !text.starts_with("XDG_CACHE_HOME=") &&
            !text.starts_with("EVO_MANIFEST="))
            env.emplace_back(text);
    }
    auto c_strings = [](std::vector<std::string>& strings) {
        std::vector<char*> out;
        for (auto& s : strings)
            out.push_back(s.data());
        out.push_back(nullptr);
        return out;
    };
    auto args = argv;
    auto c_args = c_strings(args);
    auto c_env = c_strings(env);
    const pid_t pid = fork();
    if (pid == 0) {
        const int null = open("/dev/null", O_RDWR);
        dup2(null, 0), dup2(null, 1), dup2(null, 2);
        execve(c_args[0], c_args.data(), c_env.data());
        _exit(127);
    }
    return pid;
}

int wait_for(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

// Everything a kill may not break; `before` is the history length before the run.
void check_store(const fs::path& file, int before, int max_changes) {
    REQUIRE(store_sql::query(file, "PRAGMA integrity_check") ==
            std::vector<std::vector<std::string>>{{"ok"}});
    // A version is registered with its history entry in one transaction, or not at all.
    CHECK(store_sql::query(file, "SELECT count(*) FROM versions") ==
          store_sql::query(file, "SELECT count(*) FROM history WHERE action = 'evolve'"));
    const int after = history_count(file);
    CHECK(after >= before);
    CHECK(after <= before + max_changes);
    // Each name's history is a chain: every change starts from the version the one before left.
    std::map<std::string, int> last;
    for (const auto& row :
         store_sql::query(file, "SELECT name, previous, version FROM history ORDER BY id")) {
        INFO(row[0] << ": " << row[1] << " -> " << row[2]);
        CHECK(std::stoi(row[1]) == last[row[0]]);
        last[row[0]] = std::stoi(row[2]);
    }
    // The current version of each is stored whole: its row exists and its code matches its hash.
    evo::host::command_store store(file, true);
    for (const auto& [name, version] : last) {
        INFO(name << " at version " << version);
        std::optional<evo::host::command_version> current;
        REQUIRE_NOTHROW(current = store.current(name));
        CHECK(current.has_value() == (version != 0));
        if (current) CHECK(current->version == version);
    }
}

} // namespace

TEST_CASE("changes killed at any point leave the store before or after them",
          "[cli][store][durability]") {
    evo::host::use_sqlite_module(EVO_STORE_MODULE);
    scratch_dir dir;
    const fs::path data_home = dir.path() / "data";
    const fs::path file = data_home / "evo/commands.db";
    {
        evo::host::command_store store(file);
        for (const char* name : {"alpha", "alpha", "alpha", "beta", "beta", "gamma", "gamma"})
            store.add_version(sample_version(name, std::string(name) + " " +
                                                       std::to_string(history_count(file))));
    }
    const auto targets = kill_targets();

    // How long each runs when left alone, to spread the kills over its run (not asserted).
    std::vector<std::chrono::microseconds> typical;
    for (const auto& target : targets) {
        const auto began = std::chrono::steady_clock::now();
        const int status = wait_for(start(target.command(current_versions(file)), data_home));
        typical.push_back(std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - began));
        INFO(target.label);
        REQUIRE(WIFEXITED(status));
        REQUIRE(WEXITSTATUS(status) == 0);
    }

    constexpr int runs_per_target = 20, spread = 20;
    std::vector<int> killed(targets.size(), 0);
    for (int run = 0; run < runs_per_target; ++run) {
        for (std::size_t t = 0; t < targets.size(); ++t) {
            const auto& target = targets[t];
            // 0, then fractions of the typical run in a scattered order: early, late, middle.
            const auto delay = typical[t] * ((run * 7) % spread) / spread;
            const int before = history_count(file);
            const auto argv = target.command(current_versions(file));
            const pid_t pid = start(argv, data_home);
            if (delay.count() > 0) std::this_thread::sleep_for(delay);
            kill(pid, SIGKILL);
            const int status = wait_for(pid);
            INFO(target.label << ", run " << run << ", killed after " << delay.count() << " us");
            if (WIFSIGNALED(status)) {
                CHECK(WTERMSIG(status) == SIGKILL);
                ++killed[t];
            } else {
                CHECK(WEXITSTATUS(status) == 0); // finished before the kill: a complete change
            }
            check_store(file, before, target.max_changes);
        }
    }
    // Each target was killed at least once mid-run (a kill at 0 us comes before it can finish).
    for (std::size_t t = 0; t < targets.size(); ++t) {
        INFO(targets[t].label << ": killed " << killed[t] << " of " << runs_per_target);
        CHECK(killed[t] > 0);
    }
}
