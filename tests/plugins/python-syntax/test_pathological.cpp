// Inputs built to hurt a compiler get a verdict, and the host process (this one) survives.
#include "plugin_instance.hpp"
#include "reference_compiler.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace evo::test;

namespace {

constexpr std::size_t depth = 100000;

std::string repeated(std::string_view piece, std::size_t times) {
    std::string text;
    text.reserve(piece.size() * times);
    for (std::size_t i = 0; i < times; ++i)
        text += piece;
    return text;
}

struct named_source {
    const char* name;
    std::string text;
};

// Each overwhelms a different stage: the tokenizer, the parser, the AST optimiser and
// symbol table, and the integer conversion limit.
std::vector<named_source> deep_sources() {
    return {
        {"parentheses", repeated("(", depth) + "1" + repeated(")", depth)},
        {"unary minus", repeated("-", depth) + "1"},
        {"not", repeated("not ", depth) + "x"},
        {"lambda", repeated("lambda: ", depth) + "1"},
        {"additions", "1" + repeated(" + 1", depth)},
        {"attributes", "x" + repeated(".y", depth)},
        {"calls", "f" + repeated("()", depth)},
        {"indentation",
         [] {
             std::string nested;
             for (std::size_t level = 0; level < 200; ++level)
                 nested += std::string(level, ' ') + "if x:\n";
             return nested + std::string(200, ' ') + "pass\n";
         }()},
        {"long integer", "x = " + repeated("9", 5000) + "\n"},
    };
}

} // namespace

TEST_CASE("python-syntax: 100k-deep expressions get python3.11's verdict", "[python-syntax]") {
    const auto sources = deep_sources();
    scratch_dir scratch;
    std::vector<std::filesystem::path> files;
    for (const auto& source : sources) {
        files.push_back(scratch.path() / (std::string(source.name) + ".py"));
        std::ofstream(files.back(), std::ios::binary) << source.text;
    }
    const auto expected = reference_verdicts(files);

    const plugin_instance plugin(R"({"workers": 2})");
    for (std::size_t i = 0; i < sources.size(); ++i) {
        INFO(sources[i].name);
        const auto want = expected_finding(expected[i]);
        REQUIRE(want); // python3.11 rejects each of them
        const validation result = plugin.validate(sources[i].text, files[i].string());
        REQUIRE(result.status == EVO_OK);
        REQUIRE(result.findings.size() == 1);
        CHECK(result.findings[0].rule_id == want->rule_id);
        CHECK(result.findings[0].message == want->message);
        CHECK(result.findings[0].line == want->line);
    }
    const validation after = plugin.validate("x = 1\n");
    CHECK(after.status == EVO_OK);
    CHECK(after.findings.empty());
}

TEST_CASE("python-syntax: NUL bytes are rejected where they are", "[python-syntax]") {
    const plugin_instance plugin(R"({"workers": 1})");
    const struct {
        std::string source;
        uint32_t line;
        uint32_t column;
    } cases[] = {
        {std::string("\0x = 1\n", 7), 1, 1},
        {std::string("x = 1\ny = 2\0\n", 13), 2, 6},
        {std::string("s = '''\n\n a\0b'''\n", 17), 3, 3},
        {std::string("# comment \0\n", 12), 1, 11},
    };
    for (const auto& c : cases) {
        INFO(c.source);
        const validation result = plugin.validate(c.source);
        REQUIRE(result.status == EVO_OK);
        REQUIRE(result.findings.size() == 1);
        CHECK(result.findings[0].rule_id == "PY-SYNTAX-NUL");
        CHECK(result.findings[0].message ==
              "ValueError: source code string cannot contain null bytes");
        CHECK(result.findings[0].line == c.line);
        CHECK(result.findings[0].column == c.column);
    }
}

TEST_CASE("python-syntax: a 10 MB string literal is accepted", "[python-syntax]") {
    const plugin_instance plugin(R"({"workers": 1})");
    const validation result = plugin.validate("x = \"" + std::string(10 << 20, 'a') + "\"\n");
    REQUIRE(result.status == EVO_OK);
    CHECK(result.findings.empty());
}

TEST_CASE("python-syntax: a 32 MB file is judged", "[python-syntax]") {
    const plugin_instance plugin(R"({"workers": 1})");
    const std::string body = repeated("# thirty-two bytes of comment..\n", 1 << 20);
    REQUIRE(body.size() == 32u << 20);
    const validation whole = plugin.validate(body);
    REQUIRE(whole.status == EVO_OK);
    CHECK(whole.findings.empty());
    const validation broken = plugin.validate(body + "def f(:\n");
    REQUIRE(broken.status == EVO_OK);
    REQUIRE(broken.findings.size() == 1);
    CHECK(broken.findings[0].rule_id == "PY-SYNTAX");
    CHECK(broken.findings[0].line == (1u << 20) + 1);
}

// AddressSanitizer needs unlimited address space, so the worker sets no limit under it.
#if !defined(__SANITIZE_ADDRESS__)
// A valid source over the limit is not rejected: it is not checked, naming the key to raise.
TEST_CASE("python-syntax: a source that exhausts the memory limit is not checked",
          "[python-syntax][limits]") {
    const plugin_instance plugin(R"({"workers": 1, "memory_limit_mb": 64})");
    const validation result = plugin.validate(repeated("x = 1\n", 1000000));
    CHECK(result.status == EVO_ERR_UNAVAILABLE);
    CHECK(result.findings.empty());
    CHECK(result.error.find("not checked") == 0);
    CHECK(result.error.find("memory_limit_mb = 64") != std::string::npos);
    const validation after = plugin.validate("x = 1\n");
    CHECK(after.status == EVO_OK);
    CHECK(after.findings.empty());
}
#endif
