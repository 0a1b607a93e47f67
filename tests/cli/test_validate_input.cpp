// What `evo validate` reads: standard input (`-`, --lang, --stdin-filename), files named in a
// language --lang chooses, a path that gives nothing to check (a warning, or exit 2 with
// --strict), and git's ignore rules when walking directories (--no-ignore turns them off).
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const std::string risky = "import os\nos.system(command)\n";

std::filesystem::path python_manifest(const scratch_dir& dir) {
    return dir.write("manifest.toml", fixture_plugin_path_line() + R"([pipeline]
validators = ["python-security"]
scheduler = "threadpool"
[plugins.python-security]
[plugins.threadpool]
)");
}

struct project {
    scratch_dir dir;
    fs::path manifest = python_manifest(dir);
    run_options options;

    project() {
        options.cwd = dir.path() / "work";
        fs::create_directories(options.cwd);
        options.env["HOME"] = dir.file("home");
        options.env["XDG_CONFIG_HOME"] = dir.file("home/.config");
    }
    fs::path write(const std::string& relative, const std::string& text) const {
        return dir.write("work/" + relative, text);
    }
    run_result validate(std::vector<std::string> extra) const {
        std::vector<std::string> args{"-m", manifest.string(), "validate", "--no-cache"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_evo(args, options);
    }
    run_result validate_stdin(const std::string& text, std::vector<std::string> extra) {
        auto in = dir.write("stdin.txt", text);
        options.stdin_file = in;
        auto r = validate(std::move(extra));
        options.stdin_file.clear();
        return r;
    }
    // Runs a command in the work directory (git, to set up a repository).
    void sh(const std::string& command) const {
        const std::string line = "cd '" + options.cwd.string() + "' && HOME='" + dir.file("home") +
                                 "' XDG_CONFIG_HOME='" + dir.file("home/.config") + "' " + command;
        REQUIRE(std::system(line.c_str()) == 0);
    }
};

std::set<std::string> files_with_findings(const run_result& r) {
    std::set<std::string> out;
    const json::value report = json::parse(r.out);
    for (const auto& f : report.at("findings").as_array())
        out.insert(std::string(f.at("file").as_string()));
    return out;
}

// The number of files checked, from the summary line on stderr ("evo: 1 file (...", "evo: N files (...").
long files_checked(const run_result& r) {
    for (const auto& line : r.err_lines())
        if (line.rfind("evo: ", 0) == 0 && (line.find(" files (") != std::string::npos || line.find(" file (") != std::string::npos))
            return std::stol(line.substr(5));
    return -1;
}

} // namespace

TEST_CASE("evo validate - reads standard input", "[cli][validate][stdin]") {
    project p;
    SECTION("--lang gives its language; reported as -") {
        auto r = p.validate_stdin(risky, {"-", "--lang", "python", "--format", "json"});
        INFO(r.err);
        CHECK(r.exit_code == 1);
        CHECK(files_with_findings(r) == std::set<std::string>{"-"});
    }
    SECTION("an alias is resolved like the name, in any case") {
        auto r = p.validate_stdin(risky, {"-", "--lang", "PY"});
        INFO(r.err);
        CHECK(r.exit_code == 1);
    }
    SECTION("--stdin-filename names it in every report and gives its language") {
        auto r =
            p.validate_stdin(risky, {"-", "--stdin-filename", "src/app.py", "--format", "json"});
        INFO(r.err);
        CHECK(r.exit_code == 1);
        CHECK(files_with_findings(r) == std::set<std::string>{"src/app.py"});
        auto sarif =
            p.validate_stdin(risky, {"-", "--stdin-filename", "src/app.py", "--format", "sarif"});
        CHECK_THAT(sarif.out, Contains("\"src/app.py\""));
        auto text = p.validate_stdin(risky, {"-", "--stdin-filename", "src/app.py"});
        CHECK_THAT(text.out, StartsWith("src/app.py:"));
    }
    SECTION("without --lang, a shebang line tells") {
        auto r = p.validate_stdin("#!/usr/bin/env python3\n" + risky, {"-"});
        INFO(r.err);
        CHECK(r.exit_code == 1);
    }
    SECTION("clean input passes") {
        auto r = p.validate_stdin("print('hello')\n", {"-", "--lang", "python"});
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(files_checked(r) == 1);
    }
    SECTION("stdin next to files") {
        p.write("main.py", risky);
        auto r = p.validate_stdin(
            risky, {"-", "main.py", "--stdin-filename", "main.py", "--format", "json"});
        INFO(r.err);
        CHECK(r.exit_code == 1);
        CHECK(json::parse(r.out).at("findings").as_array().size() == 2); // never merged
    }
}

TEST_CASE("standard input whose language cannot be told is a usage error",
          "[cli][validate][stdin]") {
    project p;
    SECTION("no --lang, no name, no shebang") {
        auto r = p.validate_stdin(risky, {"-"});
        CHECK(r.exit_code == 2);
        CHECK_THAT(config_error_line(r), Contains("pass --lang"));
    }
    SECTION("a name without a known extension") {
        auto r = p.validate_stdin(risky, {"-", "--stdin-filename", "README"});
        CHECK(r.exit_code == 2);
        CHECK_THAT(config_error_line(r), Contains("pass --lang"));
    }
    SECTION("a language no validator declares") {
        auto r = p.validate_stdin(risky, {"-", "--lang", "cobol"});
        CHECK(r.exit_code == 2);
        CHECK_THAT(config_error_line(r), Contains("--lang cobol"));
    }
    SECTION("- twice") {
        auto r = p.validate_stdin(risky, {"-", "-", "--lang", "python"});
        CHECK(r.exit_code == 2);
        CHECK_THAT(config_error_line(r), StartsWith("evo: error: "));
    }
}

TEST_CASE("the language of files named is forced by --lang", "[cli][validate][stdin]") {
    project p;
    p.write("script", risky);
    auto r = p.validate({"script", "--lang", "python", "--format", "json"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(files_with_findings(r) == std::set<std::string>{"script"});
}

TEST_CASE("a path named that gives nothing to check is warned about, or fails with --strict",
          "[cli][validate][unchecked]") {
    project p;
    p.write("script", risky);
    fs::create_directories(p.options.cwd / "empty");
    p.write("docs/notes.txt", "nothing to check\n");
    for (const char* path : {"script", "empty", "docs"}) {
        INFO(path);
        auto r = p.validate({path});
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.err, Contains("evo: warning: " + std::string(path) + ": "));
        auto strict = p.validate({path, "--strict"});
        CHECK(strict.exit_code == 2);
        CHECK_THAT(config_error_line(strict),
                   StartsWith("evo: error: " + std::string(path) + ": "));
    }
    auto as_json = run_evo(
        {"--log-format", "json", "-m", p.manifest.string(), "validate", "script"}, p.options);
    CHECK(as_json.exit_code == 0);
    bool warned = false;
    for (const auto& line : as_json.err_lines()) {
        auto o = json::parse(line).as_object();
        warned |= o.at("level") == "warning" &&
                  std::string(o.at("message").as_string()).find("script: ") == 0;
    }
    CHECK(warned);
}

TEST_CASE("git's ignore rules apply when walking directories", "[cli][validate][gitignore]") {
    project p;
    p.sh("git init -q .");
    p.write(".gitignore", "build/\n*.gen.py\n!keep.gen.py\n");
    p.write(".git/info/exclude", "excluded.py\n");
    p.dir.write("home/.config/git/ignore", "global.py\n");
    for (const char* file : {"main.py", "build/out.py", "build/deep/more.py", "a.gen.py",
                             "keep.gen.py", "excluded.py", "sub/global.py", "sub/ok.py"})
        p.write(file, risky);
    const std::set<std::string> kept{"./main.py", "./keep.gen.py", "./sub/ok.py"};

    auto r = p.validate({".", "--format", "json"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(files_with_findings(r) == kept);
    CHECK_THAT(r.out, !Contains("build/")); // not even listed as skipped: never descended

    auto all = p.validate({".", "--format", "json", "--no-ignore"});
    CHECK(files_with_findings(all).size() == 8);

    SECTION("a file named is checked even when ignored") {
        auto named = p.validate({"build/out.py", "--format", "json"});
        CHECK(files_with_findings(named) == std::set<std::string>{"build/out.py"});
    }
    SECTION("a directory named that git ignores is checked whole") {
        p.options.cwd /= "build";
        auto inside = p.validate({".", "--format", "json"});
        CHECK(files_with_findings(inside) == std::set<std::string>{"./out.py", "./deep/more.py"});
    }
    SECTION("a nested repository's own rules apply inside it") {
        p.sh("git init -q vendor/lib");
        p.write("vendor/lib/.gitignore", "generated.py\n");
        p.write("vendor/lib/generated.py", risky);
        p.write("vendor/lib/lib.py", risky);
        auto nested = p.validate({"vendor", "--format", "json"});
        CHECK(files_with_findings(nested) == std::set<std::string>{"vendor/lib/lib.py"});
    }
    SECTION("from a subdirectory, and the repository's rules still apply") {
        p.options.cwd /= "sub";
        auto sub = p.validate({".", "--format", "json"});
        CHECK(files_with_findings(sub) == std::set<std::string>{"./ok.py"});
    }
}

TEST_CASE("hostile names and repositories do not fool the ignore rules",
          "[cli][validate][gitignore]") {
    project p;
    p.sh("git init -q .");
    p.write(".gitignore", "ignored/\n");
    const std::string odd[] = {"new\nline.py", "caf\xe9.py", ":(top)magic.py", "-dash.py"};
    for (const auto& name : odd) {
        p.write(name, risky);
        p.write("ignored/" + name, risky);
    }
    fs::create_directory_symlink("ignored", p.options.cwd / "link-to-ignored");
    fs::create_symlink("ignored/-dash.py", p.options.cwd / "link.py"); // a file link is checked
    // A repository whose own config runs a command whenever git reads the index.
    const fs::path marker = p.dir.path() / "fsmonitor-ran";
    auto hook = p.dir.write("hook.sh", "#!/bin/sh\ntouch '" + marker.string() + "'\n");
    fs::permissions(hook, fs::perms::owner_all);
    p.sh("git config core.fsmonitor '" + hook.string() + "'");

    auto r = p.validate({"."});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(files_checked(r) == 5); // the four odd names and link.py, nothing under ignored/
    CHECK_FALSE(fs::exists(marker));

    // The hook is real: git itself runs it, so the check above could fail.
    p.sh("git status --porcelain >/dev/null 2>&1 || true");
    CHECK(fs::exists(marker));
}

TEST_CASE("without git, every file is checked after one warning", "[cli][validate][gitignore]") {
    project p;
    p.sh("git init -q .");
    p.write(".gitignore", "build/\n");
    p.write("build/out.py", risky);
    p.write("main.py", risky);
    // A PATH with python3 (the validator may need it) and no git.
    const fs::path bin = p.dir.path() / "bin";
    fs::create_directories(bin);
    for (const char* tool : {"python3", "sh"}) {
        std::string found = std::string("/usr/bin/") + tool;
        if (fs::exists(found)) fs::create_symlink(found, bin / tool);
    }
    p.options.env["PATH"] = bin.string();
    auto r = p.validate({".", "--format", "json"});
    INFO(r.err);
    CHECK(files_with_findings(r).size() == 2);
    CHECK_THAT(r.err, Contains("evo: warning: git is not installed"));
}

TEST_CASE("an ignore file that is a FIFO never hangs the walk: every file is checked",
          "[cli][validate][gitignore][signals]") {
    project p;
    p.sh("git init -q .");
    p.write("build/out.py", risky);
    p.write("main.py", risky);
    // git blocks for ever opening a FIFO it is told to read as an ignore file: the repository
    // being vetted can commit one as .gitignore, or name one in its own config.
    const fs::path fifo = p.dir.path() / "excludes";
    SECTION("core.excludesFile in the repository's config") {
        REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
        p.sh("git config core.excludesFile '" + fifo.string() + "'");
    }
    SECTION(".gitignore") { REQUIRE(mkfifo((p.options.cwd / ".gitignore").c_str(), 0600) == 0); }
    p.options.kill_after = std::chrono::seconds(120);
    auto r = p.validate({".", "--format", "json"});
    INFO(r.err);
    REQUIRE_FALSE(r.killed);
    CHECK(r.exit_code == 1);
    CHECK(files_with_findings(r).size() == 2);
    CHECK_THAT(r.err, Contains("evo: warning: git check-ignore failed in "));
    CHECK_THAT(r.err, Contains("is an ignore file a FIFO?): its ignore files are not applied"));
}

TEST_CASE("standard input is served from the pipeline's cache like a file",
          "[cli][validate][stdin]") {
    project p;
    auto manifest = p.dir.write("cached.toml", fixture_plugin_path_line() + R"([pipeline]
validators = ["python-security"]
cache = "fixture-directory-cache"
scheduler = "threadpool"
[plugins.python-security]
[plugins.threadpool]
[plugins.fixture-directory-cache]
directory = ")" + p.dir.file("cache") + "\"\n");
    p.options.stdin_file = p.dir.write("stdin.txt", risky);
    auto run = [&] {
        auto r = run_evo(
            {"-m", manifest.string(), "validate", "-", "--lang", "python", "--format", "json"},
            p.options);
        INFO(r.err);
        CHECK(r.exit_code == 1);
        const json::value report = json::parse(r.out);
        CHECK(report.at("findings").as_array().size() == 1);
        return report.at("summary").at("cached").to_number<int>();
    };
    CHECK(run() == 0);
    CHECK(run() == 1);
}
