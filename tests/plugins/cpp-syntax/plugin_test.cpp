// The built module through the C ABI, running real compilers through the host's process
// runner.
#include "validator_harness.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using evo_test::plugin_instance;
using evo_test::validate;
using evo_test::validator_host;

namespace {

const evo_plugin_descriptor& descriptor() {
    static const evo_plugin_descriptor& d = evo_test::load_descriptor(EVO_CPP_SYNTAX_PLUGIN);
    return d;
}

evo_test::validation check(const std::string& config, std::string_view code) {
    validator_host host;
    plugin_instance plugin(descriptor(), host.api(), config);
    REQUIRE(plugin.create_status() == EVO_OK);
    evo_test::cancellable_call call;
    return validate(plugin, code, "cpp", call.get());
}

constexpr std::string_view valid_program = R"(#include <map>
#include <string>
#include <vector>
template <class T> concept sized = requires(T t) { t.size(); };
int main() {
    std::map<std::string, std::vector<int>> m{{"a", {1, 2}}};
    static_assert(sizeof(int) >= 2);
    return sized<std::string> ? static_cast<int>(m.size()) - 1 : 1;
}
)";

} // namespace

TEST_CASE("cpp-syntax describes itself", "[cpp-syntax][plugin]") {
    const evo_plugin_descriptor& d = descriptor();
    CHECK(std::string(d.name) == "cpp-syntax");
    CHECK(d.kind == EVO_KIND_VALIDATOR);
    const auto& api = *static_cast<const evo_validator_api*>(d.kind_api);
    CHECK(std::string(api.languages) == "cpp");
    REQUIRE(api.language_count == 1);
    CHECK(std::string(api.language_table[0]->aliases) == "c++,cxx,cc,hpp");
}

TEST_CASE("cpp-syntax identifies itself by its compiler's version", "[cpp-syntax][plugin]") {
    validator_host host;
    SECTION("the first line of --version") {
        plugin_instance plugin(descriptor(), host.api(), R"({"compiler": "clang++"})");
        REQUIRE(plugin.create_status() == EVO_OK);
        auto [status, text] = evo_test::identity_of(plugin);
        CHECK(status == EVO_OK);
        CHECK(text.find("clang version") != std::string::npos);
        CHECK(text.find('\n') == std::string::npos);
        CHECK(evo_test::identity_of(plugin).second == text); // asked again: the same answer
    }
    SECTION("a compiler that cannot run is a status, not a version") {
        plugin_instance plugin(descriptor(), host.api(), R"({"compiler": "/nonexistent/c++"})");
        REQUIRE(plugin.create_status() == EVO_OK);
        CHECK(evo_test::identity_of(plugin).first != EVO_OK);
    }
}

TEST_CASE("valid C++20 passes with GCC and Clang", "[cpp-syntax][plugin]") {
    const std::string compiler = GENERATE("c++", "clang++");
    CAPTURE(compiler);
    const auto v = check(R"({"compiler": ")" + compiler + R"("})", valid_program);
    CHECK(v.status == EVO_OK);
    CHECK(v.findings.empty());
}

TEST_CASE("syntax and semantic errors are found where they are", "[cpp-syntax][plugin]") {
    const std::string compiler = GENERATE("c++", "clang++");
    CAPTURE(compiler);
    const auto v = check(R"({"compiler": ")" + compiler + R"("})",
                         "int main() {\n    int x = (1 + ;\n    return undeclared;\n}\n");
    REQUIRE(v.status == EVO_OK);
    REQUIRE(v.findings.size() >= 2);
    for (const auto& f : v.findings) {
        CHECK(f.rule_id == "CPP-SYNTAX");
        CHECK(f.severity == EVO_SEVERITY_HIGH);
    }
    CHECK(v.findings[0].line == 2);
    CHECK(v.findings[0].column == 18);
    CHECK(v.findings.back().line == 3);
}

TEST_CASE("errors only the full front end sees are found", "[cpp-syntax][plugin]") {
    const std::string code = GENERATE(
        "template <class T> void f(T t) { t.missing(); }\nint main() { f(1); }\n",
        "constexpr int f(int n) { return n ? f(n - 1) : throw 0; }\nstatic_assert(f(3) == 1);\n",
        "struct A { virtual void f() = 0; };\nA a;\n",
        "#include <memory>\nint main() { std::unique_ptr<int> p; auto q = p; }\n");
    CAPTURE(code);
    const auto v = check("{}", code);
    REQUIRE(v.status == EVO_OK);
    REQUIRE_FALSE(v.findings.empty());
    CHECK(v.findings[0].rule_id == "CPP-SYNTAX");
}

TEST_CASE("std, flags and warnings come from the config", "[cpp-syntax][plugin]") {
    SECTION("std") {
        CHECK_FALSE(check(R"({"std": "c++17"})", valid_program).findings.empty());
        CHECK(check(R"({"std": "c++20"})", valid_program).findings.empty());
    }
    SECTION("flags") {
        constexpr std::string_view needs_flag =
            "#ifndef EVO_FLAG\n#error EVO_FLAG is not set\n#endif\n";
        const auto without = check("{}", needs_flag);
        REQUIRE(without.findings.size() == 1);
        CHECK(without.findings[0].line == 2);
        CHECK(check(R"({"flags": ["-DEVO_FLAG=1"]})", needs_flag).findings.empty());
    }
    SECTION("warnings") {
        constexpr std::string_view unused = "int main() {\n    int unused;\n}\n";
        CHECK(check("{}", unused).findings.empty());
        const auto v = check(R"({"warnings": true})", unused);
        REQUIRE(v.findings.size() == 1);
        CHECK(v.findings[0].rule_id == "CPP-WARNING");
        CHECK(v.findings[0].severity == EVO_SEVERITY_LOW);
        CHECK(v.findings[0].line == 2);
        CHECK(v.findings[0].external_id == "-Wunused-variable");
    }
}

TEST_CASE("NUL bytes are rejected without compiling", "[cpp-syntax][plugin]") {
    validator_host host;
    plugin_instance plugin(descriptor(), host.api(), "{}");
    evo_test::cancellable_call call;
    const auto v = validate(plugin, std::string_view("int x;\0int y;\n", 14), "cpp", call.get());
    CHECK(v.status == EVO_OK);
    CHECK(v.rule_ids() == std::vector<std::string>{"CPP-SYNTAX-NUL"});
    CHECK(host.runs().empty());
}

TEST_CASE("a compiler that does not finish in time fails closed", "[cpp-syntax][plugin]") {
    const auto dir =
        std::filesystem::temp_directory_path() / ("evo-cpp-syntax-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto slow = dir / "slow-compiler";
    std::ofstream(slow) << "#!/bin/sh\nexec sleep 30\n";
    std::filesystem::permissions(slow, std::filesystem::perms::owner_all);
    const auto v =
        check(R"({"sandbox": false, "timeout_ms": 200, "compiler": ")" + slow.string() + R"("})",
              "int main() {}\n");
    std::filesystem::remove_all(dir);
    CHECK(v.status == EVO_OK);
    REQUIRE(v.rule_ids() == std::vector<std::string>{"CPP-SYNTAX-TIMEOUT"});
    CHECK(v.findings[0].severity == EVO_SEVERITY_HIGH);
}

TEST_CASE("a compiler that cannot run fails the call", "[cpp-syntax][plugin]") {
    const auto v = check(R"({"compiler": "/nonexistent/evo/c++"})", "int main() {}\n");
    CHECK(v.status == EVO_ERR_UNAVAILABLE);
    CHECK(v.error.find("/nonexistent/evo/c++") != std::string::npos);
    CHECK(v.findings.empty());
}

TEST_CASE("a cancelled call is not a verdict", "[cpp-syntax][plugin]") {
    validator_host host;
    plugin_instance plugin(descriptor(), host.api(), "{}");
    evo_test::cancellable_call call;
    call.cancel();
    const auto v = validate(plugin, "int main() {}\n", "cpp", call.get());
    CHECK(v.status == EVO_ERR_CANCELLED);
    CHECK(v.findings.empty());
}

TEST_CASE("a compiler in the sandbox cannot quote a file of the host", "[cpp-syntax][plugin][sandbox]") {
    const auto dir =
        std::filesystem::temp_directory_path() / ("evo-cpp-syntax-secret-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto secret = dir / "id_rsa";
    std::ofstream(secret) << "SECRET_FIRST_LINE_5d2c\n";
    const std::string code = "#include \"" + secret.string() + "\"\nint main() {}\n";
    const auto sandboxed = check("{}", code);
    const auto bare = check(R"({"sandbox": false})", code);
    std::filesystem::remove_all(dir);

    REQUIRE(sandboxed.status == EVO_OK);
    REQUIRE_FALSE(sandboxed.findings.empty()); // the include itself fails: the file is not there
    for (const auto& f : sandboxed.findings)
        CHECK(f.message.find("SECRET_FIRST_LINE") == std::string::npos);
    // Without the sandbox the compiler does quote it: the check above is not vacuous.
    bool quoted = false;
    for (const auto& f : bare.findings)
        quoted = quoted || f.message.find("SECRET_FIRST_LINE") != std::string::npos;
    CHECK(quoted);
}
