// The built module through the C ABI, with shellcheck run for real by the host's process
// runner.
#include "validator_harness.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using evo_test::plugin_instance;
using evo_test::validate;
using evo_test::validator_host;

namespace {

const evo_plugin_descriptor& descriptor() {
    static const evo_plugin_descriptor& d = evo_test::load_descriptor(EVO_SHELL_SECURITY_PLUGIN);
    return d;
}

bool has(const std::vector<std::string>& ids, std::string_view id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// An executable script in a fresh directory, removed with it.
class scratch_program {
  public:
    explicit scratch_program(const std::string& body)
        : dir_(std::filesystem::temp_directory_path() /
               ("evo-shell-security-" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(dir_);
        path_ = dir_ / "fake-shellcheck";
        std::ofstream(path_) << "#!/bin/sh\n" << body << "\n";
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all);
    }
    ~scratch_program() { std::filesystem::remove_all(dir_); }
    std::string path() const { return path_.string(); }

  private:
    std::filesystem::path dir_;
    std::filesystem::path path_;
};

} // namespace

TEST_CASE("shell-security describes itself", "[shell-security][plugin]") {
    const evo_plugin_descriptor& d = descriptor();
    CHECK(std::string(d.name) == "shell-security");
    CHECK(d.kind == EVO_KIND_VALIDATOR);
    CHECK((d.flags & EVO_FLAG_THREAD_SAFE) != 0);
    const auto& api = *static_cast<const evo_validator_api*>(d.kind_api);
    CHECK(std::string(api.languages) == "shell");
    REQUIRE(api.language_count == 1);
    CHECK(std::string(api.language_table[0]->aliases) == "sh,bash");
    CHECK(std::string(api.language_table[0]->extensions) == ".sh,.bash");
}

TEST_CASE("shell-security identifies itself by shellcheck's version", "[shell-security][plugin]") {
    validator_host host;
    plugin_instance with(descriptor(), host.api(), "{}");
    REQUIRE(with.create_status() == EVO_OK);
    auto [status, text] = evo_test::identity_of(with);
    CHECK(status == EVO_OK);
    CHECK(text.rfind("shellcheck version: ", 0) == 0);
    plugin_instance without(descriptor(), host.api(), R"({"shellcheck": false})");
    REQUIRE(without.create_status() == EVO_OK);
    CHECK(evo_test::identity_of(without).second == "shellcheck off");
}

TEST_CASE("native findings cross the ABI with every field", "[shell-security][plugin]") {
    validator_host host;
    plugin_instance plugin(descriptor(), host.api(), R"({"shellcheck": false})");
    REQUIRE(plugin.create_status() == EVO_OK);
    evo_test::cancellable_call call;
    const auto v = validate(plugin, "#!/bin/sh\nset -e\nrm -rf \"$TARGET\"/\n", "sh", call.get());
    REQUIRE(v.status == EVO_OK);
    REQUIRE(v.findings.size() == 1);
    const auto& f = v.findings[0];
    CHECK(f.rule_id == "SH-RM-VAR");
    CHECK(f.severity == EVO_SEVERITY_HIGH);
    CHECK(f.confidence == EVO_SEVERITY_MEDIUM);
    CHECK(f.line == 3);
    CHECK(f.column == 8);
    CHECK_FALSE(f.message.empty());
    CHECK(f.fix_hint.find("${VAR:?}") != std::string::npos);
    CHECK(host.runs().empty());
}

TEST_CASE("shellcheck findings are added when it is installed", "[shell-security][plugin]") {
    validator_host host;
    plugin_instance plugin(descriptor(), host.api(), "{}");
    REQUIRE(plugin.create_status() == EVO_OK);
    evo_test::cancellable_call call;
    const auto v = validate(plugin, "echo $1\nrm -rf $dir/\n", "bash", call.get());
    REQUIRE(v.status == EVO_OK);
    const auto ids = v.rule_ids();
    CHECK(has(ids, "SH-RM-VAR"));
    CHECK(has(ids, "SC2086"));
    CHECK(has(ids, "SC2115"));
    const auto quoting = std::find_if(v.findings.begin(), v.findings.end(), [](const auto& f) {
        return f.rule_id == "SC2086" && f.line == 1;
    });
    REQUIRE(quoting != v.findings.end());
    CHECK(quoting->severity == EVO_SEVERITY_LOW);
    CHECK(quoting->column == 6);
    CHECK(quoting->external_id == "SC2086");
    REQUIRE(host.runs().size() == 1);
    CHECK(host.runs()[0].back() == "-");
    CHECK(has(host.runs()[0], "--shell=bash"));
}

TEST_CASE("a clean script passes both checks", "[shell-security][plugin]") {
    validator_host host;
    plugin_instance plugin(descriptor(), host.api(), "{}");
    evo_test::cancellable_call call;
    const auto v = validate(plugin, "#!/bin/sh\nset -eu\nrm -rf ./build\nprintf '%s\\n' \"done\"\n",
                            "sh", call.get());
    CHECK(v.status == EVO_OK);
    CHECK(v.findings.empty());
    CHECK(host.runs().size() == 1);
}

TEST_CASE("a missing shellcheck is skipped with a debug message", "[shell-security][plugin]") {
    validator_host host;
    plugin_instance plugin(descriptor(), host.api(),
                           R"({"shellcheck_path": "/nonexistent/evo/shellcheck"})");
    evo_test::cancellable_call call;
    const auto v = validate(plugin, "echo $1\n", "bash", call.get());
    CHECK(v.status == EVO_OK);
    CHECK(v.findings.empty());
    CHECK(host.runs().empty());
    const auto logs = host.logs();
    REQUIRE(logs.size() == 1);
    CHECK(logs[0].level == EVO_LOG_DEBUG);
    CHECK(logs[0].message.find("/nonexistent/evo/shellcheck") != std::string::npos);
}

TEST_CASE("shellcheck can be turned off", "[shell-security][plugin]") {
    validator_host host;
    plugin_instance plugin(descriptor(), host.api(), R"({"shellcheck": false})");
    evo_test::cancellable_call call;
    const auto v = validate(plugin, "echo $1\n", "bash", call.get());
    CHECK(v.status == EVO_OK);
    CHECK(v.findings.empty());
    CHECK(host.runs().empty());
}

TEST_CASE("a shellcheck that fails fails the call", "[shell-security][plugin]") {
    validator_host host;
    evo_test::cancellable_call call;
    SECTION("output that is not json1") {
        scratch_program fake("cat >/dev/null; echo 'not json'; exit 1");
        plugin_instance plugin(descriptor(), host.api(),
                               R"({"sandbox": false, "shellcheck_path": ")" + fake.path() + R"("})");
        const auto v = validate(plugin, "echo hi\n", "bash", call.get());
        CHECK(v.status == EVO_ERR_PROTOCOL);
        CHECK(v.error.find("json1") != std::string::npos);
    }
    SECTION("an exit status above 1") {
        scratch_program fake("cat >/dev/null; echo 'broken' >&2; exit 3");
        plugin_instance plugin(descriptor(), host.api(),
                               R"({"sandbox": false, "shellcheck_path": ")" + fake.path() + R"("})");
        const auto v = validate(plugin, "echo hi\n", "bash", call.get());
        CHECK(v.status == EVO_ERR_UNAVAILABLE);
        CHECK(v.error.find("broken") != std::string::npos);
    }
    SECTION("no answer in time") {
        scratch_program fake("exec sleep 30");
        plugin_instance plugin(descriptor(), host.api(),
                               R"({"sandbox": false, "timeout_ms": 200, "shellcheck_path": ")" + fake.path() +
                                   R"("})");
        const auto v = validate(plugin, "rm -rf /\n", "bash", call.get());
        // A limit is not a verdict: the file is not checked, naming the key to raise.
        CHECK(v.status == EVO_ERR_TIMEOUT);
        CHECK(v.error ==
              "not checked: shellcheck did not finish within timeout_ms = 200; raise timeout_ms to "
              "check this file");
        CHECK_FALSE(has(v.rule_ids(), "SH-SHELLCHECK-TIMEOUT"));
    }
}
