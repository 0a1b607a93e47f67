#include "compiler_diagnostics.hpp"

#include <catch2/catch.hpp>

using evo::cpp::judge;
using evo::cpp::parse_diagnostics;

namespace {

// As GCC 12 prints it for a bad push_back, an undeclared name and an unused variable.
constexpr std::string_view gcc_output =
    "<stdin>: In function \xe2\x80\x98int main()\xe2\x80\x99:\n"
    "<stdin>:4:14: error: no matching function for call to \xe2\x80\x98push_back(const char "
    "[2])\xe2\x80\x99\n"
    "In file included from /usr/include/c++/12/vector:64,\n"
    "                 from <stdin>:1:\n"
    "/usr/include/c++/12/bits/stl_vector.h:1276:7: note: candidate: "
    "\xe2\x80\x98push_back\xe2\x80\x99 (near match)\n"
    " 1276 |       push_back(const value_type& __x)\n"
    "      |       ^~~~~~~~~\n"
    "<stdin>:5:3: error: \xe2\x80\x98undeclared\xe2\x80\x99 was not declared in this scope\n"
    "<stdin>:6:7: warning: unused variable \xe2\x80\x98unused\xe2\x80\x99 [-Wunused-variable]\n";

constexpr std::string_view clang_output =
    "<stdin>:4:5: error: no matching member function for call to 'push_back'\n"
    "  v.push_back(\"x\");\n"
    "  ~~^~~~~~~~~\n"
    "<stdin>:5:3: error: use of undeclared identifier 'undeclared'\r\n"
    "2 errors generated.\n";

} // namespace

TEST_CASE("GCC and Clang diagnostic lines are read", "[cpp-syntax][diagnostics]") {
    const auto gcc = parse_diagnostics(gcc_output);
    REQUIRE(gcc.size() == 3);
    CHECK(gcc[0].file == "<stdin>");
    CHECK(gcc[0].line == 4);
    CHECK(gcc[0].column == 14);
    CHECK(gcc[0].kind == "error");
    CHECK(gcc[1].message == "\xe2\x80\x98undeclared\xe2\x80\x99 was not declared in this scope");
    CHECK(gcc[2].kind == "warning");

    const auto clang = parse_diagnostics(clang_output);
    REQUIRE(clang.size() == 2);
    CHECK(clang[1].line == 5);
    CHECK(clang[1].column == 3);
    CHECK(clang[1].message == "use of undeclared identifier 'undeclared'");
}

TEST_CASE("locations with and without a column, and none", "[cpp-syntax][diagnostics]") {
    const auto d = parse_diagnostics(
        "<stdin>:7: error: no column\n"
        "g++: error: unrecognized command-line option \xe2\x80\x98-fx\xe2\x80\x99\n"
        "<stdin>:1:10: fatal error: nonexist.h: No such file or directory\n"
        "a:b:c: warning: odd: name\n");
    REQUIRE(d.size() == 4);
    CHECK((d[0].line == 7 && d[0].column == 0));
    CHECK((d[1].file == "g++" && d[1].line == 0));
    CHECK((d[2].kind == "fatal error" && d[2].message == "nonexist.h: No such file or directory"));
    CHECK((d[3].file == "a:b:c" && d[3].line == 0 && d[3].message == "odd: name"));
}

TEST_CASE("errors in the source become findings at their position", "[cpp-syntax][diagnostics]") {
    const auto found = judge(1, 0, gcc_output, false);
    REQUIRE(found.size() == 2);
    CHECK(found[0].rule_id == "CPP-SYNTAX");
    CHECK(found[0].severity == EVO_SEVERITY_HIGH);
    CHECK((found[0].line == 4 && found[0].column == 14));
    CHECK((found[1].line == 5 && found[1].column == 3));
}

TEST_CASE("warnings are LOW findings only when asked for", "[cpp-syntax][diagnostics]") {
    const auto found = judge(1, 0, gcc_output, true);
    REQUIRE(found.size() == 3);
    CHECK(found[2].rule_id == "CPP-WARNING");
    CHECK(found[2].severity == EVO_SEVERITY_LOW);
    CHECK(found[2].line == 6);
    CHECK(found[2].external_id == "-Wunused-variable");
    CHECK(
        judge(0, 0, "<stdin>:6:7: warning: unused variable [-Wunused-variable]\n", false).empty());
}

TEST_CASE("errors outside the source name where they are", "[cpp-syntax][diagnostics]") {
    const auto found = judge(1, 0, "/usr/include/x.h:3:4: error: boom\n", false);
    REQUIRE(found.size() == 1);
    CHECK(found[0].line == 0);
    CHECK(found[0].message == "/usr/include/x.h:3:4: boom");
}

TEST_CASE("a failed run without a readable error still fails", "[cpp-syntax][diagnostics]") {
    SECTION("unknown output") {
        const auto found = judge(1, 0, "something went wrong\n", false);
        REQUIRE(found.size() == 1);
        CHECK(found[0].rule_id == "CPP-SYNTAX");
        CHECK(found[0].message.find("something went wrong") != std::string::npos);
    }
    SECTION("no output") {
        const auto found = judge(4, 0, "", false);
        REQUIRE(found.size() == 1);
        CHECK(found[0].message.find("exit status 4") != std::string::npos);
    }
    SECTION("killed by a signal") {
        const auto found = judge(-1, 9, "", false);
        REQUIRE(found.size() == 1);
        CHECK(found[0].message.find("signal 9") != std::string::npos);
    }
    SECTION("a clean run is clean") {
        CHECK(judge(0, 0, "", false).empty());
    }
}

TEST_CASE("long messages are clipped", "[cpp-syntax][diagnostics]") {
    const std::string huge = "<stdin>:1:1: error: " + std::string(100000, 'x') + "\n";
    const auto found = judge(1, 0, huge, false);
    REQUIRE(found.size() == 1);
    CHECK(found[0].message.size() < 2100);
}

TEST_CASE("the compiler command line", "[cpp-syntax][diagnostics]") {
    evo::cpp::compiler_settings s;
    CHECK(evo::cpp::compiler_arguments(s) ==
          std::vector<std::string>{"c++", "-fsyntax-only", "-std=c++20",
                                   "-fdiagnostics-color=never", "-w", "-x", "c++", "-"});
    s.compiler = "clang++";
    s.standard = "c++17";
    s.flags = {"-DX=1", "-I/opt/include"};
    s.warnings = true;
    CHECK(evo::cpp::compiler_arguments(s) ==
          std::vector<std::string>{"clang++", "-fsyntax-only", "-std=c++17",
                                   "-fdiagnostics-color=never", "-Wall", "-DX=1", "-I/opt/include",
                                   "-x", "c++", "-"});
}
