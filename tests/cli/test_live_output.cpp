// Live output and JSON logs through the real binary: the model's text on a terminal (a
// pseudo-terminal here) as it arrives, dimmed, then cleared or kept; nothing of it anywhere
// else; stdout the validated code alone. --log-format json: every stderr line one JSON object.
// --json: every provider call of an attempt, failed ones included.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

namespace json = boost::json;
using evo::test::environment_changes;
using evo::test::json_object;
using evo::test::run_evo;
using evo::test::run_options;
using evo::test::scratch_dir;

const std::string offline_manifest = EVO_OFFLINE_MANIFEST;
const std::string demo_cassette =
    (std::filesystem::path(EVO_OFFLINE_MANIFEST).parent_path() / "cassettes" / "demo.jsonl")
        .string();
const std::string dates_request = "a Python function that parses RFC 3339 dates";
// How the demo cassette's answer to dates_request begins, within its first chunk.
const std::string preamble = "Here is a strict parser";
const std::string calculator_request =
    "a Python calculator that evaluates an expression typed by the user";

// Every stderr line is one JSON object with ts_ms, level and message.
void require_json_lines(const evo::test::run_result& r) {
    const auto lines = r.err_lines();
    REQUIRE(!lines.empty());
    for (const auto& line : lines) {
        INFO(line);
        const json::object o = json_object(line);
        CHECK(o.at("ts_ms").is_int64());
        CHECK(o.at("level").is_string());
        CHECK(o.at("message").is_string());
        CHECK(!o.at("message").as_string().ends_with("\n"));
    }
}

// A manifest whose first provider knows no request (an empty cassette) and whose second
// answers from the demo cassette in small chunks; max_repairs 0, so a finding rejects.
std::string fallback_manifest(const scratch_dir& dir) {
    dir.write("empty.jsonl", "");
    return dir
        .write("evo.toml", "[pipeline]\n"
                           "provider = [\"broken\", \"recorded\"]\n"
                           "validators = [\"python-syntax\", \"python-security\"]\n"
                           "on_fail = \"repair\"\nmax_repairs = 0\nfail_on = \"medium\"\n"
                           "[request]\nmodel = \"demo\"\nlanguage = \"python\"\n"
                           "[plugins.broken]\nplugin = \"replay\"\ncassette = \"" +
                               dir.file("empty.jsonl") +
                               "\"\n"
                               "[plugins.recorded]\nplugin = \"replay\"\ncassette = \"" +
                               demo_cassette +
                               "\"\nmatch = \"prompt\"\nchunk_size = 16\n"
                               "[plugins.python-syntax]\n[plugins.python-security]\n")
        .string();
}

struct terminal_result {
    int exit_code = -1;
    std::string terminal; // what evo wrote to its terminal (stderr)
    std::string out;      // its stdout, a pipe
};

// Runs evo with stderr (and stdin) on a pseudo-terminal `columns` wide and stdout on a pipe.
// NO_COLOR is unset unless `env` sets it; the cache is a fresh directory.
terminal_result run_evo_on_terminal(const std::vector<std::string>& args,
                                    environment_changes env = {}, unsigned short columns = 40) {
    scratch_dir cache;
    env.emplace("XDG_CACHE_HOME", cache.path().string());
    env.emplace("NO_COLOR", std::nullopt);
    env.emplace("EVO_MANIFEST", std::nullopt);
    env.emplace("EVO_PLUGIN_PATH", std::nullopt);
    std::vector<std::string> argv_text{evo::test::evo_binary.string()};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    int out_pipe[2];
    REQUIRE(pipe2(out_pipe, O_CLOEXEC) == 0);
    winsize size{};
    size.ws_col = columns;
    size.ws_row = 24;
    int terminal = -1;
    const pid_t pid = forkpty(&terminal, nullptr, nullptr, &size);
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(out_pipe[1], STDOUT_FILENO);
        for (const auto& [name, value] : env)
            value ? setenv(name.c_str(), value->c_str(), 1) : unsetenv(name.c_str());
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out_pipe[1]);
    terminal_result r;
    pollfd fds[2] = {{terminal, POLLIN, 0}, {out_pipe[0], POLLIN, 0}};
    std::string* into[2] = {&r.terminal, &r.out};
    int open_count = 2;
    while (open_count > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buffer[4096];
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                into[i]->append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) { // EIO: the terminal's last writer is gone
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
            }
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

bool is_number_char(char c) {
    return (c >= '0' && c <= '9') || c == '.';
}

// Whether `text` is `pattern` with each '#' standing for one or more digits or dots. (Not
// std::regex: GCC 12 at -O1, the sanitizer build, warns inside <regex> and -Werror stops it.)
bool matches_with_numbers(std::string_view text, std::string_view pattern) {
    std::size_t t = 0;
    for (char p : pattern) {
        if (p != '#') {
            if (t >= text.size() || text[t] != p) return false;
            ++t;
            continue;
        }
        const std::size_t start = t;
        while (t < text.size() && is_number_char(text[t])) ++t;
        if (t == start) return false;
    }
    return t == text.size();
}

// Where the terminal got "move up N rows, erase below" (CSI N F, CSI J); npos when nowhere.
std::size_t find_move_up_and_erase(const std::string& terminal) {
    for (std::size_t at = terminal.find("\033["); at != std::string::npos;
         at = terminal.find("\033[", at + 1)) {
        std::size_t digits = at + 2, end = digits;
        while (end < terminal.size() && terminal[end] >= '0' && terminal[end] <= '9') ++end;
        if (end > digits && terminal.compare(end, 4, "F\033[J") == 0) return at;
    }
    return std::string::npos;
}

} // namespace

TEST_CASE("json logs: a gen that passed after a repair writes only JSON lines", "[cli][json-log]") {
    auto r = run_evo(
        {"--log-format", "json", "-m", offline_manifest, "gen", "--no-cache", calculator_request});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    require_json_lines(r);
    CHECK(r.err.find("passed after 1 repair") != std::string::npos);
    CHECK(r.out.find("def ") != std::string::npos);
}

TEST_CASE("json logs: a rejected gen writes only JSON lines", "[cli][json-log]") {
    scratch_dir dir;
    auto r =
        run_evo({"--log-format", "json", "-m", fallback_manifest(dir), "gen", calculator_request});
    INFO(r.err);
    REQUIRE(r.exit_code == 1);
    require_json_lines(r);
    bool rejected = false;
    for (const auto& line : r.err_lines()) {
        const auto o = json_object(line);
        if (std::string(o.at("message").as_string()).starts_with("rejected:")) {
            rejected = true;
            CHECK(o.at("level").as_string() == "error");
        }
    }
    CHECK(rejected);
    CHECK(r.out.empty());
}

TEST_CASE("a provider that fails is named with its model and status, and the next one answers",
          "[cli][json-log]") {
    scratch_dir dir;
    const std::string manifest = fallback_manifest(dir);

    SECTION("--json lists both calls of the attempt") {
        auto r = run_evo({"-m", manifest, "gen", "--json", dates_request});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        const auto result = json_object(r.out);
        const auto& attempts = result.at("attempts").as_array();
        REQUIRE(attempts.size() == 1);
        const auto& attempt = attempts[0].as_object();
        CHECK(attempt.at("provider").as_string() == "recorded");
        CHECK(attempt.at("validation_milliseconds").as_double() >= 0);
        const auto& calls = attempt.at("calls").as_array();
        REQUIRE(calls.size() == 2);
        CHECK(calls[0].at("provider").as_string() == "broken");
        CHECK(calls[0].at("model").as_string() == "demo"); // the one asked for
        CHECK(calls[0].at("status").as_string() == "not found");
        CHECK(calls[0].at("error").as_string().find("not in cassette") != json::string::npos);
        CHECK(calls[0].at("first_text_milliseconds").is_null());
        CHECK(calls[1].at("provider").as_string() == "recorded");
        CHECK(calls[1].at("status").as_string() == "ok");
        CHECK(!calls[1].at("model").as_string().empty());
        CHECK(calls[1].at("first_text_milliseconds").is_double());
        CHECK(calls[1].at("completion_tokens").to_number<int>() > 0);
    }
    SECTION("the text report names the failed call before the answer") {
        auto r = run_evo({"-m", manifest, "gen", dates_request});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        const auto failed = r.err.find("evo: attempt 1 via broken (demo): failed after ");
        const auto answered = r.err.find("evo: attempt 1 via recorded (");
        REQUIRE(failed != std::string::npos);
        REQUIRE(answered != std::string::npos);
        CHECK(failed < answered);
        CHECK(r.err.find(": not found: request not in cassette", failed) != std::string::npos);
    }
    SECTION("--log-format json: every stderr line is JSON, the failed call's among them") {
        auto r = run_evo({"--log-format", "json", "-m", manifest, "gen", dates_request});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        require_json_lines(r);
        bool failed_call = false;
        for (const auto& line : r.err_lines()) {
            const json::object o = json_object(line);
            if (const auto* call = o.if_contains("call"))
                failed_call |= call->at("provider").as_string() == "broken";
        }
        CHECK(failed_call);
    }
}

TEST_CASE("json logs: a manifest error is one JSON line", "[cli][json-log]") {
    scratch_dir dir;
    auto r = run_evo({"--log-format", "json", "-m", dir.file("missing.toml"), "gen", "x"});
    REQUIRE(r.exit_code == 2);
    require_json_lines(r);
    REQUIRE(r.err_lines().size() == 1);
    const auto o = json_object(r.err_lines()[0]);
    CHECK(o.at("level").as_string() == "error");
    CHECK(o.at("message").as_string().find("missing.toml") != json::string::npos);
}

TEST_CASE("json logs: validate's findings, notices and summary are JSON lines", "[cli][json-log]") {
    scratch_dir dir;
    dir.write("calc.py", "import sys\nprint(eval(sys.argv[1]))\n");
    dir.write("broken.py", "def (:\n");
    auto r =
        run_evo({"--log-format", "json", "-m", offline_manifest, "validate", dir.path().string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 1);
    require_json_lines(r);
    bool summary = false;
    for (const auto& line : r.err_lines())
        summary |= json_object(line).contains("summary");
    CHECK(summary);
    CHECK(r.out.find("PY-EVAL") != std::string::npos); // the findings on stdout as ever
}

TEST_CASE("text logs: validate's lines read as they always did", "[cli][json-log]") {
    scratch_dir dir;
    dir.write("calc.py", "import sys\nprint(eval(sys.argv[1]))\n");
    auto r = run_evo({"-m", offline_manifest, "validate", dir.path().string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 1);
    REQUIRE(r.err_lines().size() == 1);
    CHECK(matches_with_numbers(r.err_lines()[0],
                               "evo: 1 file (0 skipped, 0 errors), 2 lines; findings: # high, # "
                               "medium, # low, # info; # s (# files/s); 0 from the cache"));
    CHECK(r.err.ends_with(" from the cache\n"));
}

TEST_CASE("live output: the text streams dimmed on a terminal and is cleared when the call ends",
          "[cli][live]") {
    const auto plain = run_evo({"-m", offline_manifest, "gen", "--no-cache", dates_request});
    REQUIRE(plain.exit_code == 0);

    auto r = run_evo_on_terminal({"-m", offline_manifest, "gen", "--no-cache", dates_request});
    INFO(r.terminal);
    REQUIRE(r.exit_code == 0);
    CHECK(r.terminal.find("\033[2m") != std::string::npos);
    CHECK(r.terminal.find(preamble) != std::string::npos); // the model's words, before its code
    const std::size_t erase = find_move_up_and_erase(r.terminal);
    REQUIRE(erase != std::string::npos);
    const auto report = r.terminal.find("evo: attempt 1 via replay");
    REQUIRE(report != std::string::npos);
    CHECK(erase < report); // cleared before the report
    CHECK(r.out == plain.out); // stdout: the validated code alone, once
}

TEST_CASE(
    "live output: --live keep leaves the text, --live off and NO_COLOR change what is written",
    "[cli][live]") {
    SECTION("keep") {
        auto r = run_evo_on_terminal(
            {"-m", offline_manifest, "gen", "--no-cache", "--live", "keep", dates_request});
        INFO(r.terminal);
        REQUIRE(r.exit_code == 0);
        CHECK(r.terminal.find("\033[2m") != std::string::npos);
        CHECK(r.terminal.find(preamble) != std::string::npos);
        CHECK(r.terminal.find("\033[J") == std::string::npos);
    }
    SECTION("NO_COLOR: the text without SGR") {
        auto r = run_evo_on_terminal({"-m", offline_manifest, "gen", "--no-cache", dates_request},
                                     {{"NO_COLOR", "1"}});
        INFO(r.terminal);
        REQUIRE(r.exit_code == 0);
        CHECK(r.terminal.find(preamble) != std::string::npos);
        CHECK(r.terminal.find("\033[2m") == std::string::npos);
        CHECK(find_move_up_and_erase(r.terminal) != std::string::npos);
    }
    SECTION("off") {
        auto r = run_evo_on_terminal(
            {"-m", offline_manifest, "gen", "--no-cache", "--live", "off", dates_request});
        INFO(r.terminal);
        REQUIRE(r.exit_code == 0);
        CHECK(r.terminal.find(preamble) == std::string::npos);
        // No live text and no erasing; the findings' colour is --color's (test_output.cpp).
        CHECK(r.terminal.find("\033[2m") == std::string::npos);
        CHECK(r.terminal.find("\033[J") == std::string::npos);
    }
    SECTION("--log-format json: no live text, JSON lines only") {
        auto r = run_evo_on_terminal(
            {"--log-format", "json", "-m", offline_manifest, "gen", "--no-cache", dates_request});
        INFO(r.terminal);
        REQUIRE(r.exit_code == 0);
        CHECK(r.terminal.find(preamble) == std::string::npos);
        CHECK(r.terminal.find("\033[") == std::string::npos);
        CHECK(r.terminal.find("{\"ts_ms\":") != std::string::npos);
    }
}

TEST_CASE("live output: nothing live is written when stderr is not a terminal", "[cli][live]") {
    run_options colour;
    colour.env["NO_COLOR"] = std::nullopt;
    for (const std::string mode : {"auto", "keep", "clear"}) {
        auto r = run_evo(
            {"-m", offline_manifest, "gen", "--no-cache", "--live", mode, dates_request}, colour);
        INFO(mode << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(r.err.find(preamble) == std::string::npos);
        CHECK(r.err.find('\033') == std::string::npos);
        CHECK(r.out.find("import re") != std::string::npos); // the code, which has it, on stdout
    }
}

TEST_CASE("live output: evo evolve shows every round's text on a terminal, --live keep keeps it",
          "[cli][live]") {
    scratch_dir data;
    auto r = run_evo_on_terminal({"-m", offline_manifest, "evolve", "--no-cache", "--live", "keep",
                                  "slugify", "turn each line of stdin into a URL slug"},
                                 {{"XDG_DATA_HOME", data.path().string()}});
    INFO(r.terminal);
    REQUIRE(r.exit_code == 0);
    CHECK(r.terminal.find("\033[2mHere is a slugify command") != std::string::npos);
    CHECK(r.terminal.find("Accented letters are now decomposed") !=
          std::string::npos); // the repair's
    CHECK(r.terminal.find("\033[J") == std::string::npos);
    CHECK(r.out.find("slugify: version 1") == 0); // stdout: what was registered, nothing live
}
