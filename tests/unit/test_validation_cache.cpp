// evo validate's cache entries: what goes in comes out, with the path of the hit.
#include <evo/host/validation_cache.hpp>

#include <catch2/catch.hpp>

using namespace evo::host;

TEST_CASE("verdicts round-trip without their file, which the hit fills in",
          "[unit][validate][cache]") {
    finding_record f;
    f.layer = "python-security";
    f.rule_id = "eval";
    f.severity = EVO_SEVERITY_HIGH;
    f.confidence = EVO_SEVERITY_MEDIUM;
    f.file = "/old/place.py";
    f.line = 2;
    f.column = 12;
    f.message = "eval of \"input\"\n";
    f.fix_hint = "use ast.literal_eval";
    f.external_id = "B307";
    std::vector<cached_verdict> verdicts{
        {"python-syntax", true, {}}, {"python-security", true, {f}}, {"shell-syntax", false, {}}};
    const std::string value = encode_verdicts(verdicts);
    CHECK(value.find("/old/place.py") == std::string::npos);

    auto back = decode_verdicts(value, "/new/place.py");
    REQUIRE(back);
    REQUIRE(back->size() == 3);
    CHECK((*back)[0].validator == "python-syntax");
    CHECK((*back)[0].judged);
    CHECK(!(*back)[2].judged);
    REQUIRE((*back)[1].findings.size() == 1);
    const finding_record& g = (*back)[1].findings[0];
    CHECK(g.file == "/new/place.py");
    CHECK(g.layer == f.layer);
    CHECK(g.rule_id == f.rule_id);
    CHECK(g.severity == f.severity);
    CHECK(g.confidence == f.confidence);
    CHECK(g.line == f.line);
    CHECK(g.column == f.column);
    CHECK(g.message == f.message);
    CHECK(g.fix_hint == f.fix_hint);
    CHECK(g.external_id == f.external_id);
}

TEST_CASE("an entry encode_verdicts did not write is a miss", "[unit][validate][cache]") {
    CHECK(!decode_verdicts("", "a.py"));
    CHECK(!decode_verdicts("not json", "a.py"));
    CHECK(!decode_verdicts(R"({"verdicts": 3})", "a.py"));
    CHECK(!decode_verdicts(
        R"({"verdicts": [{"validator": "v", "verdict": "maybe", "findings": []}]})", "a.py"));
    CHECK(!decode_verdicts(
        R"({"verdicts": [{"validator": "v", "verdict": "judged", "findings": [{}]}]})", "a.py"));
}
