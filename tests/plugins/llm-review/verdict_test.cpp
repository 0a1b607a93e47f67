#include "verdict.hpp"

#include <catch2/catch.hpp>

using evo::review::parse_verdict;
using kind = evo::review::verdict::kind;

TEST_CASE("an exact SAFE verdict is safe", "[llm-review][verdict]") {
    const std::string answer = GENERATE("VERDICT: SAFE", "VERDICT: SAFE\n", "VERDICT: SAFE\r\n",
                                        "\n\nVERDICT: SAFE\n\n", "  VERDICT: SAFE \t");
    CAPTURE(answer);
    const auto v = parse_verdict(answer);
    CHECK(v.outcome == kind::safe);
    CHECK(v.reasons.empty());
    CHECK(v.problem.empty());
}

TEST_CASE("UNSAFE carries its reasons", "[llm-review][verdict]") {
    const auto v = parse_verdict("VERDICT: UNSAFE\n- REASON: 3: deletes the home directory\r\n"
                                 "- REASON: 0: downloads: and runs a script\n");
    REQUIRE(v.outcome == kind::unsafe);
    REQUIRE(v.reasons.size() == 2);
    CHECK(v.reasons[0].line == 3);
    CHECK(v.reasons[0].text == "deletes the home directory");
    CHECK(v.reasons[1].line == 0);
    CHECK(v.reasons[1].text == "downloads: and runs a script");

    const auto bare = parse_verdict("VERDICT: UNSAFE");
    CHECK(bare.outcome == kind::unsafe);
    CHECK(bare.reasons.empty());
}

TEST_CASE("anything but the exact format is malformed", "[llm-review][verdict]") {
    const std::string answer = GENERATE(
        // empty
        "", " ", "\n\n\t",
        // case and spelling
        "verdict: safe", "Verdict: SAFE", "VERDICT: Safe", "VERDICT:SAFE", "VERDICT:  SAFE",
        "VERDICT - SAFE", "SAFE", "VERDICT: SAFE.", "VERDICT: SAFE!", "VERDICT: SAFE ok",
        "VERDICT: SAFE\t(looks fine)", "VERDICT: SAFEST", "VERDICT: UNKNOWN", "VERDICT: ",
        // prose around it
        "The code is safe.\nVERDICT: SAFE", "VERDICT: SAFE\nThe code only prints.",
        "Sure! Here is my verdict:\n\nVERDICT: SAFE", "VERDICT: SAFE\n\nHope this helps",
        // markup
        "**VERDICT: SAFE**", "`VERDICT: SAFE`", "```\nVERDICT: SAFE\n```", "> VERDICT: SAFE",
        // mixed and repeated verdicts
        "VERDICT: SAFE\nVERDICT: UNSAFE", "VERDICT: UNSAFE\nVERDICT: SAFE",
        "VERDICT: SAFE\nVERDICT: SAFE", "VERDICT: SAFE VERDICT: UNSAFE",
        // SAFE with reasons is a contradiction
        "VERDICT: SAFE\n- REASON: 1: prints", "VERDICT: SAFE\n- REASON: 0: none",
        // broken reason lines
        "VERDICT: UNSAFE\n- REASON: deletes files", "VERDICT: UNSAFE\n- REASON: x: deletes",
        "VERDICT: UNSAFE\n- REASON: 3:", "VERDICT: UNSAFE\n- REASON: 3: ",
        "VERDICT: UNSAFE\n- REASON: 3:deletes", "VERDICT: UNSAFE\n-REASON: 3: deletes",
        "VERDICT: UNSAFE\n* REASON: 3: deletes", "VERDICT: UNSAFE\n- reason: 3: deletes",
        "VERDICT: UNSAFE\n  - REASON: 3: deletes", "VERDICT: UNSAFE\n- REASON: -3: deletes",
        "VERDICT: UNSAFE\n- REASON: 99999999999: deletes", "VERDICT: UNSAFE\n- REASON: 3 : x",
        "VERDICT: UNSAFE\n\n- REASON: 3: deletes", "VERDICT: UNSAFE\n- REASON: 3: a\ntrailing",
        "VERDICT: UNSAFE\n- REASON: 3: a\n- REASON: 4: b\nThanks!");
    CAPTURE(answer);
    const auto v = parse_verdict(answer);
    CHECK(v.outcome == kind::malformed);
    CHECK_FALSE(v.problem.empty());
    CHECK(v.reasons.empty());
}

TEST_CASE("the problem says what is wrong", "[llm-review][verdict]") {
    CHECK(parse_verdict("").problem == "the answer is empty");
    CHECK(parse_verdict("verdict: safe").problem.find("first line") != std::string::npos);
    CHECK(parse_verdict("VERDICT: UNSAFE\n- REASON: 1: a\nnope").problem.find("line 3") !=
          std::string::npos);
    CHECK(parse_verdict("VERDICT: SAFE\n- REASON: 1: a").problem.find("SAFE") != std::string::npos);
}

TEST_CASE("NUL bytes and odd bytes do not pass", "[llm-review][verdict]") {
    CHECK(parse_verdict(std::string("VERDICT: SAFE\0", 14)).outcome == kind::malformed);
    CHECK(parse_verdict(std::string("\0VERDICT: SAFE", 14)).outcome == kind::malformed);
    CHECK(parse_verdict("VERDICT:\xc2\xa0SAFE").outcome == kind::malformed);
}
