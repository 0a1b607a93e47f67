// The sandbox module through run_process: what plugins get with EVO_PROCESS_SANDBOX.
#include <evo/host/process.hpp>
#include <evo/host/sandbox.hpp>

#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using evo::host::process_spec;
using evo::host::run_process;

namespace {

struct captured {
    evo::host::process_status status;
    std::string out;
};

captured run_sandboxed(std::vector<std::string> argv, std::vector<std::string> binds = {}) {
    process_spec spec;
    spec.argv = std::move(argv);
    spec.sandbox = true;
    spec.read_only_paths = std::move(binds);
    spec.timeout_ms = 20000;
    captured c;
    c.status = run_process(spec, nullptr, [&c](std::string_view chunk) { c.out.append(chunk); return true; }, {});
    return c;
}

bool has_pair(const std::vector<std::string>& argv, const std::string& a, const std::string& b) {
    for (std::size_t i = 0; i + 1 < argv.size(); ++i)
        if (argv[i] == a && argv[i + 1] == b) return true;
    return false;
}

} // namespace

TEST_CASE("the sandbox's command line isolates and binds only the system", "[sandbox]") {
    const auto launch = evo::host::prepare_sandbox({{"true"}, {}, {}});
    const auto& a = launch.argv;
    for (const char* flag : {"--unshare-all", "--die-with-parent", "--new-session", "--clearenv", "--disable-userns"})
        CHECK(std::find(a.begin(), a.end(), flag) != a.end());
    CHECK(has_pair(a, "--cap-drop", "ALL"));
    CHECK(has_pair(a, "--ro-bind", "/usr"));
    CHECK_FALSE(has_pair(a, "--ro-bind", "/"));
    CHECK_FALSE(has_pair(a, "--bind", "/"));
    CHECK(a.back() == "/usr/bin/true");
    CHECK(launch.identity.has_value() == (geteuid() == 0));
}

TEST_CASE("as root the sandbox runs as an unprivileged uid", "[sandbox]") {
    const auto c = run_sandboxed({"id", "-u"});
    CHECK(c.status.exit_code == 0);
    const uid_t inside = static_cast<uid_t>(std::stoul(c.out));
    if (geteuid() == 0)
        CHECK(evo::host::is_sandbox_id(inside));
    else
        CHECK(inside == geteuid());
}

TEST_CASE("a caller can bind an extra path read-only", "[sandbox]") {
    CHECK(run_sandboxed({"cat", "/etc/os-release"}).status.exit_code != 0);
    const auto bound = run_sandboxed({"sh", "-c", "cat /etc/os-release >/dev/null && ! touch /etc/os-release"},
                                     {"/etc/os-release"});
    CHECK(bound.status.exit_code == 0);
}

TEST_CASE("a path bound under /tmp is not hidden by the sandbox's own /tmp", "[sandbox]") {
    namespace fs = std::filesystem;
    char pattern[] = "/tmp/evo-bind-XXXXXX"; // where a clone or build tree may well be
    REQUIRE(mkdtemp(pattern) != nullptr);
    const fs::path dir = pattern;
    const fs::path file = dir / "data.txt";
    std::ofstream(file) << "bound\n";
    for (const fs::path& p : {dir, file}) // readable by the sandbox's unprivileged uid
        fs::permissions(p, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
    const auto c = run_sandboxed({"cat", file.string()}, {file.string()});
    fs::remove_all(dir);
    CHECK(c.status.exit_code == 0);
    CHECK(c.out == "bound\n");
}

TEST_CASE("a program the sandbox cannot see is command_not_found", "[sandbox]") {
    CHECK_THROWS_AS(run_sandboxed({"/work/evo-no-such-tool"}), evo::host::command_not_found);
    CHECK_THROWS_AS(run_sandboxed({"./relative-tool"}), evo::host::command_not_found);
}

TEST_CASE("a bubblewrap that cannot build the sandbox is an error in its own words", "[sandbox]") {
    evo::test::scratch_dir dir;
    const auto fake = dir.write("bin/bwrap", "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n");
    namespace fs = std::filesystem;
    for (const fs::path& p : {dir.path(), dir.path() / "bin", fake})
        fs::permissions(p, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
    const std::string saved = std::getenv("PATH");
    setenv("PATH", (dir.file("bin") + ":" + saved).c_str(), 1);
    std::string message;
    try {
        evo::host::require_working_sandbox();
    } catch (const evo::host::sandbox_unavailable& e) {
        message = e.what();
    }
    setenv("PATH", saved.c_str(), 1);
    CHECK(message == "the sandbox cannot be set up on this machine: bwrap: No permissions to create new namespace");
    CHECK_NOTHROW(evo::host::require_working_sandbox()); // the real one works
}

// What the sandbox_command service hands a plugin, which executes it itself: one command
// line that drops to the unprivileged uid (as root) and isolates, run here without sandbox.
TEST_CASE("the sandbox as one command line drops the uid and isolates on its own", "[sandbox]") {
    const auto command = evo::host::sandboxed_command_line({{"sh", "-c", "id -u; ls /"}, {}, {}});
    CHECK((command.front() == "/usr/bin/setpriv") == (geteuid() == 0));
    process_spec spec;
    spec.argv = command;
    spec.timeout_ms = 20000;
    std::string out;
    const auto status = run_process(spec, nullptr, [&out](std::string_view chunk) { out.append(chunk); return true; }, {});
    CHECK(status.exit_code == 0);
    const uid_t inside = static_cast<uid_t>(std::stoul(out));
    CHECK((geteuid() == 0 ? evo::host::is_sandbox_id(inside) : inside == geteuid()));
    CHECK(out.find("home") == std::string::npos);
    CHECK(out.find("sandbox") != std::string::npos);
}

TEST_CASE("a bind the sandbox shows anyway is not bound again", "[sandbox]") {
    const auto launch = evo::host::prepare_sandbox({{"true"}, {}, {"/usr/bin", "/bin", "/usr/lib/python3"}});
    CHECK_FALSE(has_pair(launch.argv, "--ro-bind", "/usr/bin"));
    CHECK_FALSE(has_pair(launch.argv, "--ro-bind", "/usr/lib/python3"));
    CHECK(run_sandboxed({"true"}, {"/bin"}).status.exit_code == 0);
}

namespace {

captured run_with_files(std::vector<std::string> argv, std::vector<evo::host::sandbox_file> files) {
    process_spec spec;
    spec.argv = std::move(argv);
    spec.sandbox = true;
    spec.sandbox_files = std::move(files);
    spec.timeout_ms = 20000;
    captured c;
    c.status = run_process(spec, nullptr, [&c](std::string_view chunk) { c.out.append(chunk); return true; }, {});
    return c;
}

// Every byte value, a NUL among them, and more than a pipe's or a single read's worth.
std::string binary_content() {
    std::string content;
    for (int i = 0; i < 200'000; ++i) content.push_back(static_cast<char>((i * 7) % 256));
    return content;
}

} // namespace

TEST_CASE("a caller's file is in the work directory with its exact bytes", "[sandbox]") {
    const std::string content = binary_content();
    const auto c = run_with_files({"cat", "/sandbox/data.bin"}, {{"data.bin", content}});
    CHECK(c.status.exit_code == 0);
    CHECK(c.out.size() == content.size());
    CHECK(c.out == content);
    const auto empty = run_with_files({"wc", "-c", "empty"}, {{"empty", ""}});
    CHECK(empty.out == "0 empty\n");
}

TEST_CASE("a caller's file is read-only and cannot be replaced", "[sandbox]") {
    const auto c = run_with_files(
        {"sh", "-c",
         "echo changed >> notes.txt 2>/dev/null && exit 1; rm -f notes.txt 2>/dev/null; mv notes.txt x 2>/dev/null;"
         "chmod 666 notes.txt 2>/dev/null; cat notes.txt; echo other > other.txt && cat other.txt; stat -c %a notes.txt"},
        {{"notes.txt", "original\n"}});
    CHECK(c.status.exit_code == 0);
    CHECK(c.out == "original\nother\n444\n"); // the rest of the work directory stays writable
}

TEST_CASE("a caller's file is executable when asked", "[sandbox]") {
    const std::string script = "#!/bin/sh\necho ran \"$@\"\n";
    const auto c = run_with_files({"sh", "-c", "./tool.sh a; ./plain.sh 2>/dev/null || echo refused $?; stat -c %a tool.sh"},
                                  {{"tool.sh", script, true}, {"plain.sh", script, false}});
    CHECK(c.status.exit_code == 0);
    CHECK(c.out == "ran a\nrefused 126\n555\n");
}

TEST_CASE("the program gets the files, not the descriptors they came through", "[sandbox]") {
    const auto c = run_with_files({"sh", "-c", "ls /proc/self/fd | sort -n | tr '\\n' ' '"},
                                  {{"a.txt", "a"}, {"b.txt", "b"}});
    CHECK(c.status.exit_code == 0);
    CHECK(c.out == "0 1 2 3 "); // 3: ls's own directory handle
}

TEST_CASE("a file name that is not one plain name in the work directory is refused", "[sandbox]") {
    for (const std::string& name : std::vector<std::string>{"", ".", "..", "a/b", "../escape", "/etc/passwd", std::string("a\0b", 3)}) {
        INFO(name);
        CHECK_THROWS_AS(run_with_files({"true"}, {{name, "x"}}), std::invalid_argument);
    }
    CHECK_THROWS_AS(run_with_files({"true"}, {{"twice", "1"}, {"twice", "2"}}), std::invalid_argument);
    CHECK(run_with_files({"cat", "a..b"}, {{"a..b", "fine"}}).out == "fine");
    process_spec unsandboxed;
    unsandboxed.argv = {"true"};
    unsandboxed.sandbox_files = {{"a.txt", "a"}};
    CHECK_THROWS_AS(run_process(unsandboxed, nullptr, {}, {}), std::invalid_argument);
}
