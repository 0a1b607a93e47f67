// One comment syntax silences a finding in every layer that honours suppressions: the same
// `# evo: ignore[RULE]` and `# nosec` in a Python file and a shell script, through the real
// binary (docs/suppressions.md).
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <set>

using namespace evo::test;

namespace {

namespace json = boost::json;

void write_manifest(const scratch_dir& dir, bool shellcheck) {
    dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
validators = ["python-security", "shell-security"]
scheduler = "threadpool"
[plugins.python-security]
[plugins.threadpool]
[plugins.shell-security]
shellcheck = )" + (shellcheck ? "true" : "false") +
                              "\n");
}

// "file:line RULE" of every finding evo reports for the files.
std::set<std::string> reported(const scratch_dir& dir, std::vector<std::string> files) {
    std::vector<std::string> args{"-m", "evo.toml", "validate", "--no-cache", "--format", "json"};
    args.insert(args.end(), files.begin(), files.end());
    run_options options;
    options.cwd = dir.path();
    run_result r = run_evo(args, options);
    INFO(r.err);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    std::set<std::string> out;
    const json::object report = json_object(r.out);
    for (const auto& f : report.at("findings").as_array())
        out.insert(std::string(f.at("file").as_string()) + ":" +
                   std::to_string(f.at("line").to_number<int>()) + " " +
                   std::string(f.at("rule_id").as_string()));
    return out;
}

} // namespace

TEST_CASE("the same comment silences a finding in Python and in shell", "[cli][suppression]") {
    scratch_dir dir;
    write_manifest(dir, false);
    dir.write("app.py", "x = input()\n"
                        "eval(x)\n"
                        "eval(x)  # evo: ignore\n"
                        "eval(x)  # evo: ignore[PY-EVAL]\n"
                        "eval(x)  # nosec\n"
                        "eval(x)  # evo: ignore[PY-EXEC]\n");
    dir.write("run.sh", "x=$1\n"
                        "eval \"$x\"\n"
                        "eval \"$x\"  # evo: ignore\n"
                        "eval \"$x\"  # evo: ignore[SH-EVAL]\n"
                        "eval \"$x\"  # nosec\n"
                        "eval \"$x\"  # evo: ignore[SH-RM-ROOT]\n"
                        "eval \"$x # evo: ignore\"\n");
    CHECK(reported(dir, {"app.py", "run.sh"}) ==
          std::set<std::string>{"app.py:2 PY-EVAL", "app.py:6 PY-EVAL", "run.sh:2 SH-EVAL",
                                "run.sh:6 SH-EVAL", "run.sh:7 SH-EVAL"});
}

TEST_CASE("shellcheck's findings yield to evo comments, and its own directives still work",
          "[cli][suppression]") {
    scratch_dir dir;
    write_manifest(dir, true);
    dir.write("quote.sh", "#!/bin/sh\n"
                          "echo $1\n"
                          "echo $1  # evo: ignore[SC2086]\n"
                          "# shellcheck disable=SC2086\n"
                          "echo $1\n");
    CHECK(reported(dir, {"quote.sh"}) == std::set<std::string>{"quote.sh:2 SC2086"});
}
