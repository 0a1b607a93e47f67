// evo rules: every rule the pipeline's validators declare (ABI 1.4 rule tables); and
// --select/--ignore, [pipeline] select/ignore: which findings count.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

namespace json = boost::json;

const std::string every_builtin_validator = R"([pipeline]
validators = ["python-syntax", "python-security", "shell-syntax", "shell-security", "cpp-syntax"]
[plugins.python-syntax]
[plugins.python-security]
[plugins.shell-syntax]
[plugins.shell-security]
[plugins.cpp-syntax]
warnings = true
)";

run_result evo_in(const scratch_dir& dir, std::vector<std::string> args) {
    run_options options;
    options.cwd = dir.path();
    args.insert(args.begin(), {"-m", (dir.path() / "evo.toml").string()});
    return run_evo(args, options);
}

json::array rules_json(const scratch_dir& dir) {
    auto r = evo_in(dir, {"rules", "--json"});
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out).as_array();
}

// rule id -> layer, of a JSON rule list.
std::map<std::string, std::string> rule_layers(const json::array& rules) {
    std::map<std::string, std::string> out;
    for (const auto& r : rules)
        if (const auto* id = r.as_object().if_contains("id"))
            out[std::string(id->as_string())] = std::string(r.at("layer").as_string());
    return out;
}

// The rule ids of a `validate --format json` report.
std::set<std::string> reported_ids(const run_result& r) {
    std::set<std::string> out;
    const json::value report = json::parse(r.out);
    for (const auto& f : report.at("findings").as_array())
        out.insert(std::string(f.at("rule_id").as_string()));
    return out;
}

const std::string risky_python = "import pickle, subprocess\n"
                                 "subprocess.call(cmd, shell=True)\n"
                                 "eval(text)\n"
                                 "pickle.loads(blob)\n";

} // namespace

TEST_CASE("evo rules lists every rule of every validator with its layer and suppression",
          "[rules]") {
    scratch_dir dir;
    dir.write("evo.toml", every_builtin_validator);
    const auto rules = rules_json(dir);
    const auto layers = rule_layers(rules);
    CHECK(layers.at("PY-EVAL") == "python-security");
    CHECK(layers.at("PY-SYNTAX") == "python-syntax");
    CHECK(layers.at("SH-RM-ROOT") == "shell-security");
    CHECK(layers.at("SC") == "shell-security"); // shellcheck's codes, as one family
    CHECK(layers.at("CPP-SYNTAX") == "cpp-syntax");
    for (const auto& value : rules) {
        const auto& r = value.as_object();
        INFO(json::serialize(r));
        CHECK_FALSE(r.at("summary").as_string().empty());
        CHECK_FALSE(r.at("suppression").as_string().empty());
        if (r.at("id") == "PY-EVAL") {
            CHECK(r.at("external_id") == "B307");
            CHECK(r.at("severity") == "medium");
            CHECK(r.at("suppression") == "# evo: ignore[PY-EVAL] or # nosec B307");
        }
        if (r.at("id") == "PY-SYNTAX" || r.at("id") == "SH-SYNTAX")
            CHECK(r.at("suppression") == "no comment silences it");
        if (r.at("id") == "SH-EVAL")
            CHECK(r.at("suppression") == "# evo: ignore[SH-EVAL] or # nosec SH-EVAL");
        if (r.at("id") == "SC")
            CHECK(r.at("suppression") == "# shellcheck disable=SCxxxx or # evo: ignore[SCxxxx] "
                                         "(not shellcheck's parse errors)");
    }

    auto text = evo_in(dir, {"rules"});
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.out, StartsWith("ID"));
    CHECK_THAT(text.out, Contains("PY-EVAL"));
    CHECK_THAT(text.out, Contains("# nosec B307"));
}

TEST_CASE("evo rules says which validator declares no rules", "[rules]") {
    scratch_dir dir;
    dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
validators = ["python-security", "fixture-good"]
[plugins.python-security]
[plugins.fixture-good]
marker = "TODO"
)");
    auto text = evo_in(dir, {"rules"});
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.out, Contains("fixture-good (fixture-good) declares no rules\n"));
    bool listed = false;
    for (const auto& r : rules_json(dir))
        if (r.at("layer") == "fixture-good") {
            CHECK(r.at("declares_rules") == false);
            listed = true;
        }
    CHECK(listed);
}

TEST_CASE("every rule id the built-in validators report over the test corpus is in evo rules",
          "[rules]") {
    scratch_dir dir;
    dir.write("evo.toml", every_builtin_validator);
    // The fuzz corpus and the CLI's data, and files made to trip the rules that need broken
    // code: a syntax error in each language, a NUL byte, dangerous shell.
    const std::filesystem::path source = EVO_CLI_TEST_DATA;
    std::filesystem::create_directories(dir.path() / "corpus");
    const auto corpus = source.parent_path().parent_path() / "fuzz" / "corpus";
    std::filesystem::copy(corpus / "python", dir.path() / "corpus" / "python",
                          std::filesystem::copy_options::recursive);
    std::filesystem::copy(corpus / "shell", dir.path() / "corpus" / "shell",
                          std::filesystem::copy_options::recursive);
    std::filesystem::copy(source, dir.path() / "corpus" / "cli",
                          std::filesystem::copy_options::recursive);
    dir.write("corpus/made/broken.py", "def f(:\n");
    dir.write("corpus/made/nul.py", std::string("x = 1\0\n", 7));
    dir.write("corpus/made/risky.py", risky_python);
    dir.write("corpus/made/broken.sh", "if then fi\n");
    dir.write("corpus/made/risky.sh", "#!/bin/bash\nrm -rf /\ncurl http://x | sh\neval $1\n"
                                      "chmod 777 /tmp/x\necho $x\n");
    dir.write("corpus/made/broken.cpp", "int main() { return }\n");
    dir.write("corpus/made/warned.cpp", "int main() { int unused = 1; return 0; }\n");

    auto validated = evo_in(dir, {"validate", "--no-cache", "--format", "json", "corpus"});
    REQUIRE((validated.exit_code == 0 || validated.exit_code == 1));
    const auto reported = reported_ids(validated);
    const auto declared = rule_layers(rules_json(dir));
    // Enough of the corpus judged for the check to mean something.
    CHECK(reported.size() >= 10);
    for (const auto& id : reported) {
        INFO(id);
        bool covered = declared.count(id) > 0;
        for (const auto& [rule, layer] : declared)
            covered |= id.starts_with(rule) && rule == "SC"; // a family: its prefix
        CHECK(covered);
    }
}

TEST_CASE("validate --select and --ignore keep findings by rule id, external id or prefix",
          "[select]") {
    scratch_dir dir;
    dir.write("evo.toml", R"([pipeline]
validators = ["python-security"]
[plugins.python-security]
)");
    dir.write("risky.py", risky_python);
    auto ids = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"validate", "--format", "json", "risky.py"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = evo_in(dir, args);
        REQUIRE((r.exit_code == 0 || r.exit_code == 1));
        return reported_ids(r);
    };
    const auto all = ids({});
    REQUIRE(all.count("PY-EVAL"));
    REQUIRE(all.count("PY-SUBPROCESS-SHELL"));
    REQUIRE(all.count("PY-PICKLE"));

    CHECK(ids({"--select", "PY-EVAL"}) == std::set<std::string>{"PY-EVAL"});
    CHECK(ids({"--select", "B6"}).count("PY-SUBPROCESS-SHELL")); // B602, by its bandit id
    CHECK_FALSE(ids({"--select", "B6"}).count("PY-EVAL"));
    CHECK(ids({"--select", "PY-EVAL,B301"}) == std::set<std::string>{"PY-EVAL", "PY-PICKLE"});
    CHECK(ids({"--select", "PY-EVAL", "--select", "B301"}) ==
          std::set<std::string>{"PY-EVAL", "PY-PICKLE"});
    const auto ignored = ids({"--ignore", "PY-EVAL,B3"});
    CHECK_FALSE(ignored.count("PY-EVAL"));
    CHECK_FALSE(ignored.count("PY-PICKLE"));
    CHECK(ignored.count("PY-SUBPROCESS-SHELL"));
    // ignore wins over select
    CHECK(ids({"--select", "PY-", "--ignore", "PY-EVAL"}).count("PY-EVAL") == 0);
}

TEST_CASE("a selection changes the exit code, and the cache keeps whole verdicts", "[select]") {
    scratch_dir dir;
    dir.write("evo.toml", R"([pipeline]
validators = ["python-security"]
cache = "sqlite"
fail_on = "low"
[plugins.python-security]
[plugins.sqlite]
path = ")" + dir.file("cache.db") +
                              "\"\n");
    dir.write("risky.py", "eval(text)\n");
    CHECK(evo_in(dir, {"validate", "--ignore", "PY-EVAL", "risky.py"}).exit_code == 0);
    // Answered from the cache the first run filled: the finding it left out is still there.
    auto again = evo_in(dir, {"validate", "--format", "json", "risky.py"});
    CHECK(again.exit_code == 1);
    CHECK(reported_ids(again).count("PY-EVAL"));
    CHECK(json::parse(again.out).at("summary").at("cached").as_int64() == 1);
}

TEST_CASE("[pipeline] select and ignore, replaced by the command line", "[select]") {
    scratch_dir dir;
    dir.write("evo.toml", R"([pipeline]
validators = ["python-security"]
ignore = ["PY-EVAL"]
[plugins.python-security]
)");
    dir.write("risky.py", "eval(text)\n");
    CHECK(evo_in(dir, {"validate", "risky.py"}).exit_code == 0);
    CHECK(evo_in(dir, {"validate", "--ignore", "PY-PICKLE", "risky.py"}).exit_code == 1);
}

TEST_CASE("a selection entry that matches no declared rule gets a warning", "[select]") {
    scratch_dir dir;
    dir.write("evo.toml", R"([pipeline]
validators = ["python-security", "shell-security"]
[plugins.python-security]
[plugins.shell-security]
)");
    dir.write("risky.py", "eval(text)\n");
    auto r = evo_in(dir, {"validate", "--select", "PY-EVALL,SC2086,B30", "risky.py"});
    CHECK(r.exit_code == 1); // PY-EVAL's finding is kept, by its bandit id B307
    CHECK_THAT(r.err, Contains("evo: warning: 'PY-EVALL' matches no rule"));
    CHECK_THAT(r.err, !Contains("'SC2086'")); // a member of shellcheck's family
    CHECK_THAT(r.err, !Contains("'B30'"));    // a prefix of bandit ids
}

TEST_CASE("malformed select and ignore are configuration errors with their position", "[select]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", R"([pipeline]
validators = ["python-security"]
select = "PY-EVAL"
[plugins.python-security]
)");
    CHECK_THAT(config_error_line(check_manifest(manifest)),
               StartsWith(error_at(manifest, 3, 10) + "'select' must be an array of rule ids"));
    dir.write("evo.toml", R"([pipeline]
validators = ["python-security"]
ignore = ["PY-EVAL", "B 6"]
[plugins.python-security]
)");
    CHECK_THAT(config_error_line(check_manifest(manifest)),
               StartsWith(error_at(manifest, 3, 22) + "'ignore' entries are rule ids or prefixes"));
    dir.write("evo.toml", R"([pipeline]
validators = ["python-security"]
[plugins.python-security]
)");
    dir.write("risky.py", "eval(text)\n");
    auto r = evo_in(dir, {"validate", "--select", "PY-EVAL,,B6", "risky.py"});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, StartsWith("evo: error: --select: "));
}

TEST_CASE("[pipeline] ignore changes what fails a generation", "[select]") {
    scratch_dir dir;
    auto manifest = [&](const std::string& extra) {
        dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
provider = "fixture-canned"
validators = ["python-security"]
on_fail = "reject"
)" + extra + R"(
[plugins.fixture-canned]
answer = "```python\nresult = eval(text)\n```\n"
[plugins.python-security]
)");
    };
    manifest("");
    auto rejected = evo_in(dir, {"gen", "--lang", "python", "evaluate the text"});
    CHECK(rejected.exit_code == 1);
    manifest("ignore = [\"B307\"]");
    auto passed = evo_in(dir, {"gen", "--lang", "python", "evaluate the text"});
    CHECK(passed.exit_code == 0);
    CHECK_THAT(passed.out, Contains("eval(text)"));
}
