// The identity memo: a validator's identity() remembered across runs while its files stay.
#include <evo/host/identity_memo.hpp>

#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

using evo::host::identity_memo;
using evo::host::identity_memo_key;
using evo::host::stamp_of;

using evo::test::set_mtime;

namespace {

namespace fs = std::filesystem;

// What a fresh evo process would find: a new memo reading the file.
std::optional<std::string> found_afresh(const fs::path& file, const std::string& key) {
    identity_memo memo(file);
    return memo.find(key);
}

class path_override {
  public:
    explicit path_override(const std::string& value)
        : saved_(std::getenv("PATH") ? std::getenv("PATH") : "") {
        setenv("PATH", value.c_str(), 1);
    }
    ~path_override() { setenv("PATH", saved_.c_str(), 1); }

  private:
    std::string saved_;
};

} // namespace

TEST_CASE("a remembered identity is found by the next process while its files stay",
          "[unit][identity-memo]") {
    evo::test::scratch_dir dir;
    const fs::path tool = dir.write("bin/tool", "#!/bin/sh\n");
    set_mtime(tool, 1000000);
    const fs::path memo_file =
        dir.path() / "cache/evo/identities.json"; // directories made on write
    {
        identity_memo memo(memo_file);
        CHECK_FALSE(memo.find("k"));
        memo.remember("k", "tool 1.0", {stamp_of(tool.string())});
        CHECK(memo.find("k") == "tool 1.0");
    }
    CHECK(found_afresh(memo_file, "k") == "tool 1.0");
    CHECK_FALSE(found_afresh(memo_file, "other"));

    SECTION("a new modification time invalidates it") {
        set_mtime(tool, 2000000);
        CHECK_FALSE(found_afresh(memo_file, "k"));
    }
    SECTION("a new size invalidates it") {
        std::ofstream(tool, std::ios::app) << "exit 0\n";
        set_mtime(tool, 1000000);
        CHECK_FALSE(found_afresh(memo_file, "k"));
    }
    SECTION("another file in its place invalidates it") {
        const fs::path replacement = dir.write("bin/tool.new", "#!/bin/sh\n"); // same size
        set_mtime(replacement, 1000000);
        fs::rename(replacement, tool);
        CHECK_FALSE(found_afresh(memo_file, "k"));
    }
    SECTION("a removed file invalidates it") {
        fs::remove(tool);
        CHECK_FALSE(found_afresh(memo_file, "k"));
    }
}

TEST_CASE("a tool appearing where there was none invalidates the identity",
          "[unit][identity-memo]") {
    evo::test::scratch_dir dir;
    const fs::path memo_file = dir.path() / "identities.json";
    identity_memo(memo_file).remember("k", "tool not installed", {stamp_of(dir.file("bin/tool"))});
    CHECK(found_afresh(memo_file, "k") == "tool not installed");
    dir.write("bin/tool", "#!/bin/sh\n");
    CHECK_FALSE(found_afresh(memo_file, "k"));
}

TEST_CASE(
    "the memo key changes with the plugin file, the configuration, PATH and the working directory",
    "[unit][identity-memo]") {
    evo::test::scratch_dir dir;
    const fs::path plugin = dir.write("evo-v.so", "plugin");
    set_mtime(plugin, 1000000);
    path_override path("/usr/bin:/bin");
    const std::string key = identity_memo_key(plugin, R"({"bash":"bash"})");
    CHECK(identity_memo_key(plugin, R"({"bash":"bash"})") == key); // stable

    SECTION("configuration") {
        CHECK(identity_memo_key(plugin, R"({"bash":"/opt/bash"})") != key);
    }
    SECTION("PATH") {
        path_override other(dir.path().string() + ":/usr/bin:/bin");
        CHECK(identity_memo_key(plugin, R"({"bash":"bash"})") != key);
    }
    SECTION("the working directory") {
        const fs::path before = fs::current_path();
        fs::current_path(dir.path());
        const std::string elsewhere = identity_memo_key(plugin, R"({"bash":"bash"})");
        fs::current_path(before);
        CHECK(elsewhere != key);
    }
    SECTION("the plugin file's modification time") {
        set_mtime(plugin, 2000000);
        CHECK(identity_memo_key(plugin, R"({"bash":"bash"})") != key);
    }
    SECTION("the plugin file's size") {
        std::ofstream(plugin, std::ios::app) << " rebuilt";
        set_mtime(plugin, 1000000);
        CHECK(identity_memo_key(plugin, R"({"bash":"bash"})") != key);
    }
}

TEST_CASE("a file modified just now is not remembered yet", "[unit][identity-memo]") {
    evo::test::scratch_dir dir;
    const fs::path tool = dir.write("tool", "x"); // modified now: could change again unseen
    const fs::path memo_file = dir.path() / "identities.json";
    identity_memo(memo_file).remember("k", "tool 1", {stamp_of(tool.string())});
    CHECK_FALSE(found_afresh(memo_file, "k"));
    set_mtime(tool, 1000000); // long left alone
    identity_memo(memo_file).remember("k", "tool 1", {stamp_of(tool.string())});
    CHECK(found_afresh(memo_file, "k") == "tool 1");
}

TEST_CASE("a corrupt memo file is ignored and rewritten", "[unit][identity-memo]") {
    evo::test::scratch_dir dir;
    const fs::path tool = dir.write("tool", "x");
    set_mtime(tool, 1000000);
    for (const std::string& garbage :
         {std::string("{not json"), std::string(R"({"version":1,"entries":{"k":7}})"),
          std::string(R"({"version":99,"entries":{}})"), std::string("\0\1\2", 3)}) {
        const fs::path memo_file = dir.write("identities.json", garbage);
        identity_memo memo(memo_file);
        CHECK_FALSE(memo.find("k"));
        memo.remember("k", "tool 1", {stamp_of(tool.string())});
        CHECK(found_afresh(memo_file, "k") == "tool 1");
    }
}

TEST_CASE("evo processes writing the memo at once never tear it", "[unit][identity-memo]") {
    evo::test::scratch_dir dir;
    const fs::path tool = dir.write("tool", "x");
    set_mtime(tool, 1000000);
    const fs::path memo_file = dir.path() / "identities.json";
    constexpr int writers = 4, entries_each = 30;
    std::vector<pid_t> children;
    for (int w = 0; w < writers; ++w) {
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            for (int i = 0; i < entries_each; ++i) {
                identity_memo memo(memo_file); // a process of its own each time
                const std::string key = std::to_string(w) + "-" + std::to_string(i);
                memo.remember(key, "text " + key, {stamp_of(tool.string())});
            }
            _exit(0);
        }
        children.push_back(pid);
    }
    for (pid_t pid : children) {
        int status = 0;
        REQUIRE(waitpid(pid, &status, 0) == pid);
        CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
    }
    // Whatever survived the races is whole and right; the last writer's last entry survived.
    int found = 0;
    for (int w = 0; w < writers; ++w)
        for (int i = 0; i < entries_each; ++i) {
            const std::string key = std::to_string(w) + "-" + std::to_string(i);
            if (auto text = found_afresh(memo_file, key)) {
                CHECK(*text == "text " + key);
                ++found;
            }
        }
    CHECK(found > 0);
    for (const auto& entry : fs::directory_iterator(dir.path())) // no temporary file left behind
        CHECK(entry.path().filename().string().find("identities.json.") == std::string::npos);
}

TEST_CASE("without a memo file nothing is remembered", "[unit][identity-memo]") {
    identity_memo memo{fs::path()};
    memo.remember("k", "text", {});
    CHECK_FALSE(memo.find("k"));
}
