// Issue 12's output: colour (--color, NO_COLOR), tables that fit the width (COLUMNS), -q,
// --json on every command that prints a result, "evo: error:" on every error line, plurals,
// and SARIF rules per layer and id.
#include "cli_assertions.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"
#include "store_samples.hpp"

#include "sqlite_api.hpp"
#include <evo/host/command_store.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using evo::test::json_object;
using evo::test::run_evo;
using evo::test::run_options;
using evo::test::scratch_dir;

const std::string offline_manifest = EVO_OFFLINE_MANIFEST;
const std::string esc = "\033[";
const std::string calc = "import sys\nprint(eval(sys.argv[1]))\n";

// evo run on a pseudo-terminal (python3's pty module): its stdout and stderr both one.
run_options on_a_terminal(run_options options = {}) {
    options.wrapper = {"/usr/bin/python3", "-c",
                       "import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)"};
    return options;
}

run_options without_no_color() {
    run_options options;
    options.env["NO_COLOR"] = std::nullopt;
    return options;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

// Terminal columns of UTF-8 text.
std::size_t columns(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

} // namespace

TEST_CASE("findings are coloured by --color, NO_COLOR and the terminal", "[cli][output][color]") {
    scratch_dir dir;
    const auto file = dir.write("calc.py", calc).string();
    const std::vector<std::string> validate = {"-m", offline_manifest, "validate", file};

    SECTION("--color always: severity by level, rule id, location, even under NO_COLOR") {
        auto args = validate;
        args.insert(args.begin(), {"--color", "always"});
        auto r = run_evo(args); // the runner sets NO_COLOR
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.out, Contains(esc + "1;33mmedium" + esc + "0m"));
        CHECK_THAT(r.out, Contains(esc + "35mPY-EVAL" + esc + "0m"));
        CHECK_THAT(r.out, Contains(esc + "1m" + file + ":2:7" + esc + "0m"));
    }
    SECTION("auto into a pipe, and --color never: plain") {
        CHECK(run_evo(validate, without_no_color()).out.find(esc) == std::string::npos);
        auto args = validate;
        args.insert(args.begin(), {"--color", "never"});
        // (a terminal still gets the progress line's cursor codes: colour alone is off)
        auto never = run_evo(args, on_a_terminal(without_no_color())).out;
        CHECK(never.find(esc + "35m") == std::string::npos);
        CHECK(never.find(esc + "1;33m") == std::string::npos);
    }
    SECTION("auto on a terminal: coloured, unless NO_COLOR is set and not empty") {
        auto coloured = run_evo(validate, on_a_terminal(without_no_color()));
        CHECK_THAT(coloured.out, Contains(esc + "35mPY-EVAL"));
        auto options = on_a_terminal();
        options.env["NO_COLOR"] = "1";
        CHECK(run_evo(validate, options).out.find(esc + "35m") == std::string::npos);
        options.env["NO_COLOR"] = "";
        CHECK_THAT(run_evo(validate, options).out, Contains(esc + "35mPY-EVAL"));
    }
    SECTION("never in JSON, SARIF or JSON log lines") {
        for (const char* format : {"json", "sarif"}) {
            auto r = run_evo({"--color", "always", "--log-format", "json", "-m", offline_manifest,
                              "validate", "--format", format, file});
            CHECK(r.exit_code == 1);
            CHECK(r.out.find('\033') == std::string::npos);
            CHECK(r.err.find('\033') == std::string::npos);
            json_object(r.out);
        }
    }
    SECTION("gen's report of findings on stderr: coloured text, plain JSON lines") {
        const std::string request =
            "a Python calculator that evaluates an expression typed by the user";
        auto text =
            run_evo({"--color", "always", "-m", offline_manifest, "gen", "--no-cache", request});
        CHECK(text.exit_code == 0);
        CHECK_THAT(text.err, Contains(esc + "35mPY-EVAL"));
        CHECK(text.out.find('\033') == std::string::npos); // the code is never painted
        auto lines = run_evo({"--color", "always", "--log-format", "json", "-m", offline_manifest,
                              "gen", "--no-cache", request});
        CHECK(lines.exit_code == 0);
        CHECK(lines.err.find('\033') == std::string::npos);
    }
}

TEST_CASE("tables fit COLUMNS: the description is cut with an ellipsis, names never",
          "[cli][output][width]") {
    auto listed = run_evo({"plugins", "--json"});
    const json::value plugins = json::parse(listed.out);
    std::vector<std::string> names;
    for (const auto& p : plugins.as_array())
        if (p.as_object().contains("name")) names.emplace_back(p.at("name").as_string());
    REQUIRE(names.size() >= 3);

    auto whole = run_evo({"plugins"}); // a pipe: whole lines, for scripts
    CHECK(whole.out.find("\u2026") == std::string::npos);
    for (const auto& p : plugins.as_array())
        if (p.as_object().contains("description"))
            CHECK_THAT(whole.out, Contains(std::string(p.at("description").as_string())));

    run_options narrow;
    narrow.env["COLUMNS"] = "60";
    auto cut = run_evo({"plugins"}, narrow);
    CHECK(cut.exit_code == whole.exit_code);
    CHECK_THAT(cut.out, Contains("\u2026"));
    const auto whole_lines = lines_of(whole.out), cut_lines = lines_of(cut.out);
    REQUIRE(cut_lines.size() == whole_lines.size());
    for (std::size_t i = 0; i < cut_lines.size(); ++i)
        CHECK(columns(cut_lines[i]) <= columns(whole_lines[i]));
    for (const auto& name : names) {
        bool whole_name = false;
        for (const auto& line : cut_lines)
            whole_name |= line.starts_with(name + " ");
        CHECK(whole_name);
    }

    // 100 columns: the paths lose their directories (never their file names), the
    // descriptions their ends, and every line fits.
    narrow.env["COLUMNS"] = "100";
    auto fitted = run_evo({"plugins"}, narrow);
    for (const auto& line : lines_of(fitted.out))
        CHECK(columns(line) <= 100);
    for (const auto& p : plugins.as_array()) {
        const std::string file(p.at("file").as_string());
        CHECK_THAT(fitted.out, Contains(fs::path(file).filename().string() + "\n"));
    }
}

TEST_CASE("a table without a path fits COLUMNS exactly", "[cli][output][width]") {
    scratch_dir dir;
    run_options options;
    options.env["XDG_DATA_HOME"] = dir.file("data");
    options.env["HOME"] = dir.file("home");
    options.env["EVO_MANIFEST"] = dir.file("missing.toml");
    evo::host::use_sqlite_module(EVO_STORE_MODULE);
    {
        evo::host::command_store store(dir.path() / "data/evo/commands.db");
        store.add_version(evo::test::sample_version("slugify", "print('v1')\n",
                                                    "turn each line of standard input into a slug "
                                                    "that URLs, file names and shells all take"));
    }
    options.env["COLUMNS"] = "50";
    auto r = run_evo({"commands"}, options);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("slugify"));
    CHECK_THAT(r.out, Contains("\u2026"));
    for (const auto& line : lines_of(r.out))
        CHECK(columns(line) <= 50);
}

TEST_CASE("quiet: -q prints findings only", "[cli][output][quiet]") {
    scratch_dir dir;
    const auto file = dir.write("calc.py", calc).string();
    SECTION("validate: the findings lines, no summary") {
        for (auto args :
             {std::vector<std::string>{"-q", "-m", offline_manifest, "validate", file},
              std::vector<std::string>{"-m", offline_manifest, "validate", "--quiet", file}}) {
            auto r = run_evo(args, on_a_terminal());
            CHECK(r.exit_code == 1);
            CHECK_THAT(r.out, Contains("PY-EVAL"));
            CHECK(r.out.find("evo: ") == std::string::npos); // no summary, no progress
            CHECK(r.out.find("validating") == std::string::npos);
        }
        auto piped = run_evo({"-q", "-m", offline_manifest, "validate", file});
        CHECK(piped.err.empty());
        CHECK(lines_of(piped.out).size() == 1);
    }
    SECTION("gen: the code only; errors still say why there is none") {
        auto r = run_evo({"-q", "-m", offline_manifest, "gen", "--no-cache",
                          "a Python calculator that evaluates an expression typed by the user"});
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK_FALSE(r.out.empty());
        auto bad = run_evo({"-q", "-m", dir.file("missing.toml"), "status"});
        CHECK(bad.exit_code == 2);
        CHECK_THAT(bad.err, StartsWith("evo: error: "));
    }
}

TEST_CASE("every command that prints a result has --json, and it parses",
          "[cli][output][json-everywhere]") {
    scratch_dir dir;
    run_options options;
    options.env["XDG_DATA_HOME"] = dir.file("data");
    options.env["XDG_STATE_HOME"] = dir.file("state");
    options.env["XDG_CACHE_HOME"] = dir.file("cache");
    options.env["HOME"] = dir.file("home");
    options.cwd = dir.path();
    const auto manifest =
        dir.write("evo.toml", "[pipeline]\ncache = [\"memory\"]\n\n[plugins.memory]\n");
    evo::host::use_sqlite_module(EVO_STORE_MODULE);
    {
        evo::host::command_store store(dir.path() / "data/evo/commands.db");
        store.add_version(evo::test::sample_version("slugify", "print('v1')\n"));
        store.add_version(evo::test::sample_version("slugify", "print('v2')\n"));
    }
    const std::string m = manifest.string();
    const std::vector<std::vector<std::string>> commands = {
        {"-m", m, "status", "--json"},
        {"-m", m, "manifest", "check", "--json"},
        {"-m", m, "cache", "stats", "--json"},
        {"-m", m, "cache", "clear", "--json"},
        {"-m", m, "cache", "gc", "--json"},
        {"plugins", "--json"},
        {"trust", m, "--json"},
        {"trust", "--revoke", m, "--json"},
        {"commands", "--json"},
        {"show", "slugify", "--json"},
        {"history", "--json"},
        {"log", "--json"},
        {"rollback", "slugify", "--json"},
        {"remove", "slugify", "--json"},
    };
    for (const auto& args : commands) {
        std::string line;
        for (const auto& a : args)
            line += a + " ";
        INFO("evo " << line);
        auto r = run_evo(args, options);
        INFO(r.err);
        CHECK(r.exit_code == 0);
        boost::system::error_code ec;
        json::parse(r.out, ec);
        CHECK_FALSE(ec);
        CHECK(lines_of(r.out).size() == 1); // one object or array
    }
    const auto calc_file = dir.write("calc.py", calc).string();
    auto validated = run_evo({"-m", offline_manifest, "validate", "--json", calc_file});
    CHECK(validated.exit_code == 1);
    CHECK(json_object(validated.out).at("findings").as_array().size() == 1);
    auto status = json_object(run_evo({"-m", m, "status", "--json"}, options).out);
    CHECK(status.at("manifest").as_string() == m);
    CHECK(status.at("machine").at("load").as_array().size() == 3);
    CHECK(status.at("pipeline").at("cache").as_array().size() == 1);
    auto check = json_object(run_evo({"-m", m, "manifest", "check", "--json"}, options).out);
    CHECK(check.at("ok").as_bool());
    CHECK(check.at("instances").as_array().size() == 1);
}

TEST_CASE("counts read naturally and the load has two decimals", "[cli][output][plurals]") {
    scratch_dir dir;
    const auto one = dir.write("one/calc.py", calc);
    auto r = run_evo({"-m", offline_manifest, "validate", one.parent_path().string()});
    CHECK_THAT(r.err, StartsWith("evo: 1 file (0 skipped, 0 errors), 2 lines;"));
    dir.write("one/b.py", "x = 1\n");
    r = run_evo({"-m", offline_manifest, "validate", one.parent_path().string()});
    CHECK_THAT(r.err, StartsWith("evo: 2 files (0 skipped, 0 errors), 3 lines;"));
    auto check = run_evo(
        {"manifest", "check",
         dir.write("evo.toml", "[pipeline]\ncache = [\"memory\"]\n\n[plugins.memory]\n").string()});
    CHECK_THAT(check.out, Contains(": ok, 1 plugin instance\n"));
    auto status = run_evo({"-m", dir.file("evo.toml"), "status"});
    bool two_places = false;
    for (const auto& line : lines_of(status.out))
        if (line.starts_with("load:")) {
            std::istringstream in(line.substr(5));
            std::string figure;
            two_places = true;
            while (in >> figure) {
                const auto dot = figure.find('.');
                two_places &= dot != std::string::npos && figure.size() - dot - 1 == 2;
            }
        }
    CHECK(two_places);
}

TEST_CASE("evo bench's errors start like every other error line", "[cli][output][errors]") {
    auto r = run_evo({"bench", "--compare", "/nonexistent/evo-bench.json"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, StartsWith("evo: error: bench: --compare: "));
    auto json_lines =
        run_evo({"--log-format", "json", "bench", "--compare", "/nonexistent/evo-bench.json"});
    auto line = json_object(json_lines.err);
    CHECK(line.at("level").as_string() == "error");
    CHECK_THAT(std::string(line.at("message").as_string()), StartsWith("bench: --compare: "));
}

TEST_CASE("SARIF: one rule a layer and id, each with its level; messages are sentences",
          "[cli][output][sarif]") {
    scratch_dir dir;
    // python-security twice, as two layers: both report PY-EVAL.
    const auto manifest = dir.write(
        "evo.toml",
        "[pipeline]\nvalidators = [\"python-security\", \"second-look\"]\n\n"
        "[plugins.python-security]\n[plugins.second-look]\nplugin = \"python-security\"\n");
    dir.write("src/calc.py", calc);
    auto r = run_evo({"-m", manifest.string(), "validate", "--format", "sarif", dir.file("src")});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    auto log = json_object(r.out);
    const auto& run = log.at("runs").at(0).as_object();
    const auto& rules = run.at("tool").at("driver").at("rules").as_array();
    std::set<std::string> ids;
    for (const auto& rule : rules)
        ids.emplace(rule.at("id").as_string());
    CHECK(ids == std::set<std::string>{"python-security/PY-EVAL", "second-look/PY-EVAL"});
    const auto& results = run.at("results").as_array();
    REQUIRE(results.size() == 2);
    std::set<std::string> layers;
    for (const auto& result : results) {
        const auto& rule = rules.at(result.at("ruleIndex").to_number<std::size_t>());
        const std::string layer(result.at("properties").at("layer").as_string());
        layers.insert(layer);
        CHECK(rule.at("id").as_string() == result.at("ruleId").as_string());
        CHECK(rule.at("properties").at("layer").as_string() == layer);
        CHECK(rule.at("properties").at("rule_id").as_string() == "PY-EVAL");
        CHECK(rule.at("defaultConfiguration").at("level").as_string() ==
              result.at("level").as_string());
        const std::string text(result.at("message").at("text").as_string());
        CHECK(std::isupper(static_cast<unsigned char>(text.front())));
        CHECK(text.back() == '.');
    }
    CHECK(layers.size() == 2);
}
