// evo completion through the real binary: the bash script is run by a real bash, which
// completes what evo --help lists (every command, every option of a command) and the evolved
// commands of the store; zsh and fish scripts are syntax-checked when those shells exist.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"
#include "store_samples.hpp"

#include <evo/host/command_store.hpp>

#include "sqlite_api.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

using namespace evo::test;

namespace {

namespace fs = std::filesystem;

// Runs `script` with bash and returns what it printed on stdout.
std::string shell_output(const std::string& shell, const fs::path& script) {
    const std::string command = shell + " " + script.string() + " 2>&1";
    std::string out;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
            out.append(buffer, n);
        ::pclose(pipe);
    }
    return out;
}

bool have(const std::string& program) {
    return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

// A user with a store of evolved commands, and the completion script of each shell.
struct completion_fixture {
    scratch_dir dir;
    run_options options;

    completion_fixture() {
        options.env["XDG_DATA_HOME"] = dir.file("data");
        options.env["HOME"] = dir.file("home");
        options.env["EVO_MANIFEST"] = dir.file("missing.toml");
    }
    fs::path script(const std::string& shell) const {
        auto result = run_evo({"completion", shell}, options);
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        return dir.write("completion." + shell, result.out);
    }
    // The words bash completes for the command line `line` (the cursor at its end).
    std::set<std::string> complete(const std::string& line) const {
        std::ostringstream run;
        run << "export XDG_DATA_HOME='" << dir.file("data") << "' HOME='" << dir.file("home")
            << "'\nsource '" << script("bash").string() << "'\n"
            << "read -r -a COMP_WORDS <<< '" << line << "'\n"
            << "COMP_WORDS[0]='" << evo_binary.string() << "'\n";
        if (line.ends_with(' ')) run << "COMP_WORDS+=('')\n";
        run << "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n_evo\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        const auto out = shell_output("bash", dir.write("run.bash", run.str()));
        std::set<std::string> words;
        std::istringstream lines(out);
        for (std::string word; std::getline(lines, word);)
            if (!word.empty()) words.insert(word);
        return words;
    }
};

// The names in the section `heading` of `evo ... --help` (CLI11's layout: two spaces, a name).
std::vector<std::string> help_names(const std::string& help, const std::string& heading) {
    std::vector<std::string> names;
    std::istringstream lines(help);
    bool inside = false;
    for (std::string line; std::getline(lines, line);) {
        if (line == heading) {
            inside = true;
            continue;
        }
        if (inside && line.empty()) break;
        if (inside && line.starts_with("  ") && line[2] != ' ') {
            std::string word = line.substr(2, line.find(' ', 2) - 2);
            names.push_back(word);
        }
    }
    return names;
}

} // namespace

TEST_CASE("bash completes every command evo --help lists", "[cli][completion]") {
    completion_fixture f;
    const auto help = run_evo({"--help"}, f.options);
    const auto commands = help_names(help.out, "Subcommands:");
    REQUIRE(commands.size() >= 20);
    const auto all = f.complete("evo ");
    for (const auto& command : commands) {
        INFO(command);
        CHECK(all.count(command) == 1);
        CHECK(f.complete("evo " + command.substr(0, command.size() - 1)).count(command) == 1);
    }
    CHECK(f.complete("evo comp") == std::set<std::string>{"completion"});
}

TEST_CASE("bash completes every option of a command, and the values a check allows",
          "[cli][completion]") {
    completion_fixture f;
    for (const std::string command : {"validate", "gen", "init", "cache stats"}) {
        INFO(command);
        auto help = run_evo({"--help"}, f.options);
        std::vector<std::string> words{command};
        if (command == "cache stats") words = {"cache", "stats"};
        words.push_back("--help");
        help = run_evo(words, f.options);
        const auto completed = f.complete("evo " + command + " -");
        for (const auto& option : help_names(help.out, "Options:")) {
            // "-j,--jobs" lists both names.
            std::istringstream names(option.substr(0, option.find(' ')));
            for (std::string name; std::getline(names, name, ',');) {
                INFO(name);
                CHECK(completed.count(name) == 1);
            }
        }
        CHECK(completed.count("--manifest") == 1); // the global options after a command too
    }
    CHECK(f.complete("evo validate --format ") == std::set<std::string>{"text", "json", "sarif"});
    CHECK(f.complete("evo --log-format j") == std::set<std::string>{"json"});
    CHECK(f.complete("evo completion ") == std::set<std::string>{"bash", "zsh", "fish"});
    CHECK(f.complete("evo plugins ").count("inspect") == 1);
    // A value is not a command: after -m FILE, the commands again.
    CHECK(f.complete("evo -m x.toml va") == std::set<std::string>{"validate"});
}

TEST_CASE("bash completes the evolved commands, asking evo commands when it completes",
          "[cli][completion]") {
    completion_fixture f;
    CHECK(f.complete("evo slu").empty());
    evo::host::use_sqlite_module(EVO_STORE_MODULE);
    evo::host::command_store store(f.dir.path() / "data/evo/commands.db");
    store.add_version(sample_version("slugify", "print('v1')\n"));
    store.add_version(sample_version("count-lines", "wc -l\n", "count \"name\":\"x\" lines"));
    CHECK(f.complete("evo slu") == std::set<std::string>{"slugify"});
    CHECK(f.complete("evo rollback c") == std::set<std::string>{"count-lines"});
    CHECK(f.complete("evo run s") == std::set<std::string>{"slugify"});
    const auto top = f.complete("evo ");
    CHECK(top.count("slugify") == 1);
    CHECK(top.count("x") == 0); // a description that looks like a name is not one
}

TEST_CASE("the zsh and fish scripts parse, where those shells are installed", "[cli][completion]") {
    completion_fixture f;
    for (const std::string shell : {"zsh", "fish"}) {
        const auto script = f.script(shell);
        if (!have(shell)) {
            WARN(shell << " is not installed: its completion script is not syntax-checked");
            continue;
        }
        INFO(shell);
        CHECK(shell_output(shell + " -n", script).empty());
    }
    CHECK(shell_output("bash -n", f.script("bash")).empty());
}

TEST_CASE("evo completion refuses a shell it has no script for", "[cli][completion]") {
    auto result = run_evo({"completion", "tcsh"});
    CHECK(config_error_line(result).find("tcsh") != std::string::npos);
}
