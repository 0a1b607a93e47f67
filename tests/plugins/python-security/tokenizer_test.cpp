#include "string_literals.hpp"
#include "tokenizer.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using namespace evo::python_security;

// "name:x", "op:(", "string:'a'", "number:1", "newline", "end".
std::vector<std::string> describe(const token_stream& stream) {
    std::vector<std::string> out;
    for (const auto& t : stream.tokens) {
        switch (t.kind) {
        case token_kind::name:
            out.push_back("name:" + std::string(t.text));
            break;
        case token_kind::number:
            out.push_back("number:" + std::string(t.text));
            break;
        case token_kind::string:
            out.push_back("string:" + std::string(t.text));
            break;
        case token_kind::op:
            out.push_back("op:" + std::string(t.text));
            break;
        case token_kind::newline:
            out.push_back("newline");
            break;
        case token_kind::end:
            out.push_back("end");
            break;
        }
    }
    return out;
}

std::vector<std::string> describe(std::string_view source) {
    return describe(tokenize(source));
}

using texts = std::vector<std::string>;

const token& only_string(const token_stream& stream) {
    REQUIRE(stream.tokens.size() >= 1);
    REQUIRE(stream.tokens[0].kind == token_kind::string);
    return stream.tokens[0];
}

} // namespace

TEST_CASE("every string prefix forms one string token", "[tokenizer]") {
    for (std::string prefix : {"", "r", "R", "u", "U", "b", "B", "f", "F", "rb", "Rb", "bR", "BR",
                               "rf", "fR", "Fr", "RF"}) {
        std::string source = prefix + "'x\\'y' + " + prefix + "\"\"\"a\n\"b\" ''c\"\"\"";
        INFO(source);
        auto stream = tokenize(source);
        CHECK(describe(stream) == texts{"string:" + prefix + "'x\\'y'", "op:+",
                                        "string:" + prefix + "\"\"\"a\n\"b\" ''c\"\"\"", "newline",
                                        "end"});
    }
}

TEST_CASE("string flags follow the prefix", "[tokenizer]") {
    CHECK(only_string(tokenize("rb'x'")).flags == (raw_string | bytes_string));
    CHECK(only_string(tokenize("f'{x}'")).flags == (formatted_string | has_fields));
    CHECK(only_string(tokenize("f'{{x}}'")).flags == formatted_string);
    CHECK(only_string(tokenize("'abc")).flags == unterminated);
}

TEST_CASE("a name before a quote is a prefix only when Python says so", "[tokenizer]") {
    CHECK(describe("ur'x'") == texts{"name:ur", "string:'x'", "newline", "end"});
    CHECK(describe("x'y'") == texts{"name:x", "string:'y'", "newline", "end"});
    CHECK(describe("bf'y'") == texts{"name:bf", "string:'y'", "newline", "end"});
}

TEST_CASE("comments are kept aside and never become tokens", "[tokenizer]") {
    auto stream = tokenize("x = 1  # eval(\"y\")\n# only a comment\n\ny = 2\n");
    CHECK(describe(stream) == texts{"name:x", "op:=", "number:1", "newline", "name:y",
                                    "op:=", "number:2", "newline", "end"});
    REQUIRE(stream.comments.size() == 2);
    CHECK(stream.comments[0] == "# eval(\"y\")");
    CHECK(stream.locate(stream.comments[1]).line == 2);
}

TEST_CASE("a hash inside a string is not a comment", "[tokenizer]") {
    auto stream = tokenize("s = '# nosec'\n");
    CHECK(stream.comments.empty());
    CHECK(describe(stream) == texts{"name:s", "op:=", "string:'# nosec'", "newline", "end"});
}

TEST_CASE("backslash continuations and open brackets join physical lines", "[tokenizer]") {
    CHECK(describe("x = 1 + \\\n    2\n") ==
          texts{"name:x", "op:=", "number:1", "op:+", "number:2", "newline", "end"});
    CHECK(describe("f(a,\n  b)\n[1,\n 2]\n") == texts{"name:f", "op:(", "name:a", "op:,", "name:b",
                                                      "op:)", "newline", "op:[", "number:1", "op:,",
                                                      "number:2", "op:]", "newline", "end"});
}

TEST_CASE("operators take the longest match", "[tokenizer]") {
    CHECK(describe("a **= b // c") ==
          texts{"name:a", "op:**=", "name:b", "op://", "name:c", "newline", "end"});
    CHECK(describe("(y := f(**kw)) -> ...") == texts{"op:(", "name:y", "op::=", "name:f", "op:(",
                                                     "op:**", "name:kw", "op:)", "op:)", "op:->",
                                                     "op:...", "newline", "end"});
    CHECK(describe("a == b != c") ==
          texts{"name:a", "op:==", "name:b", "op:!=", "name:c", "newline", "end"});
}

TEST_CASE("numbers in every notation are single tokens", "[tokenizer]") {
    CHECK(describe("0o777 0x1F 0b101 1_000 1e-5 2.5E+3j .5 7.") ==
          texts{"number:0o777", "number:0x1F", "number:0b101", "number:1_000", "number:1e-5",
                "number:2.5E+3j", "number:.5", "number:7.", "newline", "end"});
    CHECK(describe("0x1e-5") == texts{"number:0x1e", "op:-", "number:5", "newline", "end"});
}

TEST_CASE("f-string fields are tokenized after the source, one statement each", "[tokenizer]") {
    CHECK(describe("s = f'a{eval(x)!r:>{w}}b{{c}}'\n") ==
          texts{"name:s", "op:=", "string:f'a{eval(x)!r:>{w}}b{{c}}'", "newline", "name:eval",
                "op:(", "name:x", "op:)", "newline", "name:w", "newline", "end"});
    CHECK(describe("f'{a != b}{x=}'") == texts{"string:f'{a != b}{x=}'", "newline", "name:a",
                                               "op:!=", "name:b", "newline", "name:x", "newline",
                                               "end"});
    CHECK(describe("f'{d[\"k\"]}'") == texts{"string:f'{d[\"k\"]}'", "newline", "name:d", "op:[",
                                             "string:\"k\"", "op:]", "newline", "end"});
}

TEST_CASE("nested f-strings are tokenized at every level", "[tokenizer]") {
    CHECK(describe("f\"{f'{g(1)}'}\"") == texts{"string:f\"{f'{g(1)}'}\"", "newline",
                                                "string:f'{g(1)}'", "newline", "name:g", "op:(",
                                                "number:1", "op:)", "newline", "end"});
}

TEST_CASE("an unterminated string ends at its line and the next line still tokenizes",
          "[tokenizer]") {
    auto stream = tokenize("s = 'abc\nx = 1\n");
    CHECK(describe(stream) == texts{"name:s", "op:=", "string:'abc", "newline", "name:x",
                                    "op:=", "number:1", "newline", "end"});
    CHECK(describe("s = '''never closed\nx = 1\n") ==
          texts{"name:s", "op:=", "string:'''never closed\nx = 1\n", "newline", "end"});
}

TEST_CASE("positions are 1-based lines and code-point columns", "[tokenizer]") {
    auto stream = tokenize("a = 1\r\nb = 2\rcafé = eval(x)\n  '''x\ny''' ; z\n");
    auto find = [&](std::string_view text) {
        for (const auto& t : stream.tokens)
            if (t.text == text) return stream.locate(t.text);
        FAIL("no token " << text);
        return position{};
    };
    CHECK(find("b").line == 2);
    CHECK(find("eval").line == 3);
    CHECK(find("eval").column == 8);
    CHECK(find("'''x\ny'''").line == 4);
    CHECK(find("'''x\ny'''").column == 3);
    CHECK(find("z").line == 5);
    CHECK(find("z").column == 8);
}

TEST_CASE("NUL bytes and stray characters do not stop tokenization", "[tokenizer]") {
    std::string source("x = 1\0$?\ny = 2\n", 15);
    auto described = describe(source);
    CHECK(described == texts{"name:x", "op:=", "number:1", "op:" + std::string(1, '\0'), "op:$",
                             "op:?", "newline", "name:y", "op:=", "number:2", "newline", "end"});
}

TEST_CASE("keywords are recognised exactly", "[tokenizer]") {
    for (auto keyword : {"if", "lambda", "nonlocal", "None", "True", "False", "await", "yield"})
        CHECK(is_keyword(keyword));
    for (auto name : {"iff", "print", "match", "case", "type", "_", "Lambda", "none", "exec"})
        CHECK_FALSE(is_keyword(name));
}

TEST_CASE("literal values decode common escapes", "[tokenizer]") {
    CHECK(literal_value(R"(a\\b\'c\n\x41)", false) == "a\\b'c\nA");
    CHECK(literal_value(R"(a\\b\n)", true) == R"(a\\b\n)");
    auto stream = tokenize("f'/tmp/{name}/x'");
    CHECK(literal_text(stream.tokens[0]) == "/tmp/{}/x");
}
