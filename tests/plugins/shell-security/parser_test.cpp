#include "shell_ast.hpp"

#include <catch2/catch.hpp>

#include <string>

using evo::shell::parse;
using evo::shell::script;
using evo::shell::segment_kind;

namespace {

std::string first_word_text(const evo::shell::word& w) {
    std::string text;
    for (const auto& s : w.segments)
        text += s.text;
    return text;
}

std::vector<std::string> program_names(const script& s) {
    std::vector<std::string> names;
    for (const auto& c : s.commands)
        names.push_back(first_word_text(c.words.at(0)));
    return names;
}

} // namespace

TEST_CASE("quotes are removed and remembered", "[shell-security][parser]") {
    const script s = parse("echo 'a b'\"c $x\"d\\ e $'\\x41\\n' $\"f\"");
    REQUIRE(s.commands.size() == 1);
    const auto& words = s.commands[0].words;
    REQUIRE(words.size() == 4);
    const auto& pieces = words[1].segments;
    REQUIRE(pieces.size() == 5);
    CHECK((pieces[0].text == "a bc " && pieces[0].quoted));
    CHECK((pieces[1].kind == segment_kind::parameter && pieces[1].text == "x" && pieces[1].quoted));
    CHECK((pieces[2].text == "d" && !pieces[2].quoted));
    CHECK((pieces[3].text == " " && pieces[3].quoted));
    CHECK((pieces[4].text == "e" && !pieces[4].quoted));
    CHECK(first_word_text(words[2]) == "A\n");
    CHECK(first_word_text(words[3]) == "f");
}

TEST_CASE("comments and quoted operators do not split commands", "[shell-security][parser]") {
    const script s = parse("a 'x; y' \"p | q\" # b; c\nd a#b; e && f || g\n");
    CHECK(program_names(s) == std::vector<std::string>{"a", "d", "e", "f", "g"});
    CHECK(s.commands[1].words.size() == 2);
}

TEST_CASE("pipelines, background and positions", "[shell-security][parser]") {
    const script s = parse("a | b |& c &\n  d");
    REQUIRE(s.pipelines.size() == 2);
    CHECK(s.pipelines[0].commands.size() == 3);
    CHECK(s.pipelines[0].background);
    CHECK_FALSE(s.pipelines[1].background);
    CHECK(s.commands[3].pos.line == 2);
    CHECK(s.commands[3].pos.column == 3);
}

TEST_CASE("parameter expansions keep their operator", "[shell-security][parser]") {
    const script s = parse("x ${A:?msg} ${#B} ${C:-\"/d e\"} ${!D} $1 $@ ${E[0]}");
    const auto& w = s.commands.at(0).words;
    REQUIRE(w.size() == 8);
    CHECK((w[1].segments[0].text == "A" && w[1].segments[0].op == ":?"));
    CHECK((w[2].segments[0].text == "B" && w[2].segments[0].prefix == "#"));
    CHECK((w[3].segments[0].op == ":-" && w[3].segments[0].operand.at(0).text == "/d e"));
    CHECK(w[4].segments[0].prefix == "!");
    CHECK(w[5].segments[0].text == "1");
    CHECK(w[6].segments[0].text == "@");
    CHECK(w[7].segments[0].text == "E");
}

TEST_CASE("substitutions get bodies of their own", "[shell-security][parser]") {
    const script s = parse("echo \"$(a $(b) `c`)\" <(d) >(e) $((1 + (2)))");
    REQUIRE(s.commands.size() == 6);
    const auto& outer = s.commands.back();
    CHECK(first_word_text(outer.words[0]) == "echo");
    REQUIRE(outer.words.size() == 5);
    CHECK(outer.words[1].segments[0].kind == segment_kind::command_substitution);
    CHECK(outer.words[2].segments[0].kind == segment_kind::process_substitution);
    CHECK(outer.words[4].segments[0].kind == segment_kind::arithmetic);
    const int a_body = outer.words[1].segments[0].body;
    for (const auto& c : s.commands) {
        const std::string name = first_word_text(c.words[0]);
        if (name == "b" || name == "c") CHECK(s.body_parents.at(c.body) == a_body);
        if (name == "a") CHECK(c.body == a_body);
    }
}

TEST_CASE("here-documents are data, read after their line", "[shell-security][parser]") {
    const script s =
        parse("cat <<EOF; cat <<-'END' | wc\nline $(date)\nEOF\n\t\tquoted $(no)\n\tEND\nnext\n");
    CHECK(program_names(s) == std::vector<std::string>{"cat", "cat", "wc", "date", "next"});
    REQUIRE(s.heredocs.size() == 2);
    CHECK(s.heredocs[0].text == "line $(date)\n");
    CHECK(s.heredocs[0].expands);
    CHECK(s.heredocs[0].pos.line == 2);
    CHECK(s.heredocs[1].text == "quoted $(no)\n");
    CHECK_FALSE(s.heredocs[1].expands);
}

TEST_CASE("function definitions in every spelling", "[shell-security][parser]") {
    const script s = parse(
        "a() { x; }\nfunction b { y; }\nfunction c() ( z )\nd ()\n{\n  w\n}\ne=() ; f=(1 2)\n");
    REQUIRE(s.functions.size() == 4);
    CHECK(s.functions[0].name == "a");
    CHECK(s.functions[1].name == "b");
    CHECK(s.functions[2].name == "c");
    CHECK(s.functions[3].name == "d");
    CHECK(s.functions[3].pos.line == 4);
    for (const auto& c : s.commands) {
        const std::string name = first_word_text(c.words[0]);
        if (name == "w") CHECK(c.body == s.functions[3].body);
        if (name == "x") CHECK(c.body == s.functions[0].body);
    }
}

TEST_CASE("case patterns are not commands", "[shell-security][parser]") {
    const script s =
        parse("case \"$1\" in\n  start|rm) run ;;\n  (stop) halt ;&\n  *) other\nesac\nafter");
    CHECK(program_names(s) == std::vector<std::string>{"case", "run", "halt", "other", "after"});
}

TEST_CASE("reserved words introduce commands", "[shell-security][parser]") {
    const script s =
        parse("if a; then b; elif c; then d; else e; fi\nwhile f; do g; done > out\n! h");
    CHECK(program_names(s) ==
          std::vector<std::string>{"a", "b", "c", "d", "e", "fi", "f", "g", "done", "h"});
    CHECK(s.commands[8].redirections.at(0).op == ">");
}

TEST_CASE("hostile input neither crashes nor loops", "[shell-security][parser]") {
    SECTION("deep nesting is cut off and flagged") {
        std::string text;
        for (int i = 0; i < 100000; ++i)
            text += "$(";
        CHECK(parse(text).too_deep);
        std::string braces;
        for (int i = 0; i < 100000; ++i)
            braces += "${x:-";
        CHECK(parse(braces).too_deep);
        std::string quotes;
        for (int i = 0; i < 10000; ++i)
            quotes += "\"$(echo ";
        CHECK(parse(quotes).too_deep);
    }
    SECTION("unterminated constructs end at the end") {
        for (const char* text : {"echo 'open", "echo \"open", "echo $(open", "echo ${open",
                                 "cat <<EOF\nno end", "echo `open", "echo $'\\", "f() {", "(((",
                                 "case x in", "a |", "\\", "$", "<<", ">&", "))))"})
            CHECK_NOTHROW(parse(text));
    }
    SECTION("NUL bytes are ordinary characters") {
        const script s = parse(std::string("echo a\0b; rm x", 14));
        CHECK(s.commands.size() == 2);
    }
    SECTION("many parentheses stay linear") {
        std::string text;
        for (int i = 0; i < 50000; ++i)
            text += "((";
        text += "x";
        for (int i = 0; i < 100000; ++i)
            text += ") ";
        CHECK_NOTHROW(parse(text));
    }
}
