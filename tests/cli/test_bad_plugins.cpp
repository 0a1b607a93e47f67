// Plugins that cannot serve: exit code 2 and one line naming the file and the reason, whether
// the plugin is named by a manifest or inspected directly. The host must survive each.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::Equals;

namespace {

struct load_failure {
    const char* fixture; // evo-FIXTURE.so in the fixture directory
    const char* reason;  // what evo says after "FILE: "
};

const load_failure load_failures[] = {
    {"fixture-not-a-library", "not a shared library"},
    {"fixture-no-entry", "not an evo plugin (no evo_plugin_entry symbol)"},
    {"fixture-null-entry",
     "the plugin refused this host (its entry returned no descriptor for ABI 1.4)"},
    {"fixture-wrong-major",
     "built for ABI 2.0, this host speaks ABI 1.4 (major versions must match)"},
    {"fixture-newer-minor", "needs ABI 1.99, newer than this host's ABI 1.4; upgrade evo"},
    {"fixture-small-descriptor",
     "descriptor is too small (struct_size 56; ABI 1.0's evo_plugin_descriptor has 88 bytes)"},
    {"fixture-truncated-api", "validator plugin 'fixture-truncated-api': evo_validator_api is too "
                              "small (struct_size 16; ABI 1.0's has 24 bytes)"},
    {"fixture-missing-function",
     "validator plugin 'fixture-missing-function' lacks required functions: validate"},
    {"fixture-unresolved-symbol", "unresolved symbol: evo_fixture_function_nobody_defines"},
    {"fixture-no-language",
     "validator plugin 'fixture-no-language' declares no language (evo_validator_api.languages is "
     "empty)"},
    {"fixture-bad-rules", "validator plugin 'fixture-bad-rules' has a rule_table[1] ('X-UNDESCRIBED') "
                          "without a summary"},
};

// Loads, but is not the plugin its file name promises: refused by inspect as by a manifest.
const load_failure name_failure = {"fixture-misnamed",
                                   "calls itself 'fixture-other-name', expected 'fixture-misnamed'"};

// A manifest whose only instance is [plugins.ID] (line 2) of plugin `plugin`.
std::filesystem::path single_instance(const scratch_dir& dir, const std::string& plugin,
                                      const std::string& table = "") {
    return dir.write("evo.toml", fixture_plugin_path_line() + "[plugins." + plugin + "]\n" + table);
}

} // namespace

TEST_CASE("a plugin that cannot be loaded is refused with its reason", "[cli][plugins]") {
    auto failure = GENERATE(from_range(std::begin(load_failures), std::end(load_failures)));
    const std::string file = fixture_file(failure.fixture).string();
    INFO(failure.fixture);

    SECTION("evo plugins inspect FILE") {
        CHECK_THAT(config_error_line(run_evo({"plugins", "inspect", file})),
                   Equals("evo: error: " + file + ": " + failure.reason));
    }
    SECTION("named by a manifest") {
        scratch_dir dir;
        auto manifest = single_instance(dir, failure.fixture);
        CHECK_THAT(config_error_line(check_manifest(manifest)),
                   Equals(error_at(manifest, 2, 10) + "[plugins." + failure.fixture + "]: " + file +
                          ": " + failure.reason));
    }
}

TEST_CASE("a plugin whose file name differs from its name: inspect refuses it as a manifest does",
          "[cli][plugins]") {
    const std::string file = fixture_file(name_failure.fixture).string();
    const std::string reason = file + " " + name_failure.reason;
    CHECK_THAT(config_error_line(run_evo({"plugins", "inspect", file})), Equals("evo: error: " + reason));
    scratch_dir dir;
    auto manifest = single_instance(dir, name_failure.fixture);
    CHECK_THAT(config_error_line(check_manifest(manifest)),
               Equals(error_at(manifest, 2, 10) + "[plugins." + name_failure.fixture + "]: " + reason));
}

TEST_CASE("evo plugins inspect names every problem, one line each", "[cli][plugins]") {
    scratch_dir dir;
    SECTION("a working plugin copied under another plugin's file name") {
        auto file = dir.path() / "evo-other.so";
        std::filesystem::copy_file(fixture_file("fixture-good"), file);
        CHECK_THAT(config_error_line(run_evo({"plugins", "inspect", file.string()})),
                   Equals("evo: error: " + file.string() + " calls itself 'fixture-good', expected 'other'"));
    }
    SECTION("a file not named evo-NAME.so is one the loader would never find") {
        auto file = dir.path() / "libgood.so";
        std::filesystem::copy_file(fixture_file("fixture-good"), file);
        CHECK_THAT(config_error_line(run_evo({"plugins", "inspect", file.string()})),
                   Equals("evo: error: " + file.string() +
                          ": not named evo-fixture-good.so after the name it declares "
                          "('fixture-good'), so the loader would never find it"));
    }
    SECTION("a plugin lacking a function and misnamed: both, in the order the loader checks") {
        auto file = dir.path() / "evo-wrong.so";
        std::filesystem::copy_file(fixture_file("fixture-missing-function"), file);
        auto r = run_evo({"plugins", "inspect", file.string()});
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err_lines() ==
              std::vector<std::string>{
                  "evo: error: " + file.string() +
                      ": validator plugin 'fixture-missing-function' lacks required functions: validate",
                  "evo: error: " + file.string() +
                      " calls itself 'fixture-missing-function', expected 'wrong'"});
    }
}

TEST_CASE("a plugin file that does not exist is named", "[cli][plugins]") {
    scratch_dir dir;
    SECTION("evo plugins inspect FILE") {
        auto file = (dir.path() / "evo-absent.so").string();
        CHECK_THAT(config_error_line(run_evo({"plugins", "inspect", file})),
                   Equals("evo: error: " + file + ": plugin file not found"));
    }
    SECTION("named by a manifest: every directory searched is listed") {
        auto manifest = single_instance(dir, "absent");
        std::string line = config_error_line(check_manifest(manifest));
        CHECK_THAT(line,
                   Contains(error_at(manifest, 2, 10) +
                            "[plugins.absent]: plugin 'absent' not found: no evo-absent.so in " +
                            fixture_dir.string() + ", "));
    }
}

TEST_CASE("create() failing is reported with the plugin's own reason", "[cli][plugins]") {
    scratch_dir dir;
    auto manifest = single_instance(dir, "fixture-create-fails");
    CHECK_THAT(
        config_error_line(check_manifest(manifest)),
        Equals(error_at(manifest, 2, 10) +
               "[plugins.fixture-create-fails]: plugin 'fixture-create-fails' "
               "failed to start: cannot open model file /nonexistent/rules.bin: no such file"));
}

TEST_CASE("a plugin that throws is reported and the host survives", "[cli][plugins]") {
    scratch_dir dir;
    SECTION("from its constructor: a configuration error") {
        auto manifest = single_instance(dir, "fixture-throws", "throw_in = \"constructor\"\n");
        CHECK_THAT(config_error_line(check_manifest(manifest)),
                   Equals(error_at(manifest, 2, 10) +
                          "[plugins.fixture-throws]: plugin 'fixture-throws' failed to "
                          "start: fixture-throws: the constructor threw on purpose"));
    }
    SECTION("from validate(): the code is rejected, fail closed") {
        auto manifest = dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
provider = "fixture-canned"
validators = ["fixture-throws"]
on_fail = "reject"
[plugins.fixture-canned]
answer = "```python\nprint(1)\n```\n"
[plugins.fixture-throws]
throw_in = "validate"
)");
        auto result = run_evo({"-m", manifest.string(), "gen", "print one"});
        INFO(result.err);
        CHECK(result.exit_code == 1);
        CHECK(result.out.empty());
        CHECK_THAT(
            result.err,
            Contains("[fixture-throws EVO-VALIDATOR-FAILED] validator failed (internal error): "
                     "fixture-throws: validate() threw on purpose"));
        CHECK_THAT(
            result.err,
            EndsWith("evo: error: rejected: the code did not pass validation after 1 attempt\n"));
    }
}

TEST_CASE("validate: a validator that fails makes its file an error, exit 3", "[cli][plugins][validate]") {
    scratch_dir dir;
    auto manifest = dir.write("evo.toml", fixture_plugin_path_line() + R"([pipeline]
validators = ["fixture-throws"]
[plugins.fixture-throws]
throw_in = "validate"
)");
    auto code = dir.write("src/code.py", "print(1)\n");
    auto result = run_evo({"-m", manifest.string(), "validate", code.string()});
    INFO(result.err);
    CHECK(result.exit_code == 3);
    CHECK_THAT(result.err, Contains("evo: error: " + code.string() +
                                    ": validator 'fixture-throws' failed (internal error): "
                                    "fixture-throws: validate() threw on purpose\n"));
}
