// The built module through the C ABI, with the shells run for real by the host's process
// runner. Tests that need a shell this machine lacks say so and check nothing else.
#include "validator_harness.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using Catch::Matchers::Contains;
using evo_test::plugin_instance;
using evo_test::validate;
using evo_test::validator_host;

namespace {

const evo_plugin_descriptor& descriptor() {
    static const evo_plugin_descriptor& d = evo_test::load_descriptor(EVO_SHELL_SYNTAX_PLUGIN);
    return d;
}

// On PATH, as the plugin looks for it.
bool installed(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    while (!dirs.empty()) {
        const std::string dir(dirs.substr(0, dirs.find(':')));
        if (::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
        dirs.remove_prefix(std::min(dirs.size(), dir.size() + 1));
    }
    return false;
}

// An executable script in a fresh directory, removed with it.
class scratch_program {
  public:
    explicit scratch_program(const std::string& body)
        : dir_(std::filesystem::temp_directory_path() /
               ("evo-shell-syntax-" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(dir_);
        path_ = dir_ / "fake-shell";
        std::ofstream(path_) << "#!/bin/sh\n" << body << "\n";
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all);
    }
    ~scratch_program() { std::filesystem::remove_all(dir_); }
    std::string path() const { return path_.string(); }

  private:
    std::filesystem::path dir_;
    std::filesystem::path path_;
};

const char* const array_script = "a=(1 2)\necho \"${a[0]}\"\n";

} // namespace

TEST_CASE("shell-syntax declares shell and zsh", "[shell][shell-syntax]") {
    const auto& api = *static_cast<const evo_validator_api*>(descriptor().kind_api);
    CHECK(std::string(api.languages) == "shell,zsh");
    REQUIRE(api.language_count == 2);
    CHECK(std::string(api.language_table[1]->extensions) == ".zsh");
    CHECK(std::string(api.language_table[1]->interpreters) == "zsh");
}

TEST_CASE("bash judges bash shebangs and scripts without one", "[shell][shell-syntax]") {
    validator_host host;
    plugin_instance plugin(descriptor(), host.api(), "{}");
    evo_test::cancellable_call call;
    CHECK(validate(plugin, array_script, "shell", call.get()).status == EVO_OK);
    const auto bash =
        validate(plugin, std::string("#!/bin/bash\n") + array_script, "shell", call.get());
    CHECK(bash.status == EVO_OK);
    CHECK(bash.findings.empty());
    const auto broken = validate(plugin, "#!/bin/bash\nif true; then\n", "shell", call.get());
    CHECK(broken.rule_ids() == std::vector<std::string>{"SH-SYNTAX"});
}

TEST_CASE("a #!/bin/sh script is judged as POSIX sh", "[shell][shell-syntax]") {
    validator_host host;
    plugin_instance plugin(descriptor(), host.api(), "{}");
    evo_test::cancellable_call call;
    const auto v = validate(plugin, std::string("#!/bin/sh\n") + array_script, "shell", call.get());
    REQUIRE(v.status == EVO_OK);
    if (!installed("dash")) {
        WARN("dash is not installed: bash --posix judges, and it allows arrays");
        return;
    }
    REQUIRE(v.findings.size() == 1);
    CHECK(v.findings[0].rule_id == "SH-SYNTAX");
    CHECK(v.findings[0].line == 2);
    CHECK_THAT(v.findings[0].message, Contains("Syntax error"));
}

TEST_CASE("a zsh script is not judged by bash", "[shell][shell-syntax]") {
    validator_host host;
    evo_test::cancellable_call call;
    // zsh-only syntax that bash -n rejects
    const std::string zsh_only = "for f (a b) print $f\n";
    SECTION("without zsh it is not judged, and says why") {
        plugin_instance plugin(descriptor(), host.api(), R"({"zsh": "/nonexistent/evo/zsh"})");
        for (const auto& [text, language] :
             {std::pair{"#!/usr/bin/env zsh\n" + zsh_only, "shell"}, std::pair{zsh_only, "zsh"}}) {
            const auto v = validate(plugin, text, language, call.get());
            CHECK(v.status == EVO_NOT_APPLICABLE);
            CHECK_THAT(v.error, Contains("zsh is not installed"));
            CHECK(host.runs().empty());
        }
    }
    SECTION("a shell evo does not check is not judged") {
        plugin_instance plugin(descriptor(), host.api(), "{}");
        const auto v = validate(plugin, "#!/usr/bin/fish\nfunction f; end\n", "shell", call.get());
        CHECK(v.status == EVO_NOT_APPLICABLE);
        CHECK_THAT(v.error, Contains("fish"));
    }
    SECTION("with zsh, zsh -n judges") {
        if (!installed("zsh")) {
            WARN("zsh is not installed: nothing to check here");
            return;
        }
        plugin_instance plugin(descriptor(), host.api(), "{}");
        const auto good = validate(plugin, "#!/bin/zsh\n" + zsh_only, "shell", call.get());
        CHECK(good.status == EVO_OK);
        CHECK(good.findings.empty());
        const auto bad = validate(plugin, "if true; then\n", "zsh", call.get());
        CHECK(bad.rule_ids() == std::vector<std::string>{"SH-SYNTAX"});
    }
}

TEST_CASE("a shell that runs out of time leaves the script not checked",
          "[shell][shell-syntax][limits]") {
    validator_host host;
    evo_test::cancellable_call call;
    scratch_program slow("exec sleep 30");
    plugin_instance plugin(descriptor(), host.api(),
                           R"({"sandbox": false, "timeout_ms": 200, "bash": ")" + slow.path() +
                               R"("})");
    const auto v = validate(plugin, "echo hi\n", "shell", call.get());
    CHECK(v.status == EVO_ERR_TIMEOUT);
    CHECK(v.findings.empty());
    CHECK_THAT(v.error, Contains("not checked") && Contains("timeout_ms = 200"));
}
