// Validators' rule tables (ABI 1.4) as the host reads them, and the selection that matches
// findings against rule ids and prefixes.
#include <evo/host/rule_selection.hpp>
#include <evo/host/rule_table.hpp>
#include <evo/host/runtime.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstring>
#include <stdexcept>

using namespace evo::host;
using Catch::Matchers::Equals;
using Catch::Matchers::Message;

namespace {

evo_validator_api with_rules(const evo_rule* const* table, uint32_t count) {
    evo_validator_api api{};
    api.struct_size = sizeof api;
    api.languages = "python";
    api.rule_table = table;
    api.rule_count = count;
    return api;
}

const evo_rule eval_rule{
    sizeof(evo_rule), "PY-EVAL", EVO_SEVERITY_MEDIUM,
    "B307",           "eval",    "# nosec {external_id} or # evo: ignore[{id}]"};
const evo_rule family{sizeof(evo_rule),     "SC",   EVO_SEVERITY_LOW, "SC",
                      "shellcheck's codes", nullptr};

} // namespace

TEST_CASE("a rule table is copied entry by entry", "[unit][rules]") {
    const evo_rule* const table[] = {&eval_rule, &family};
    auto rules = declared_rules(with_rules(table, 2));
    REQUIRE(rules.size() == 2);
    CHECK(rules[0].id == "PY-EVAL");
    CHECK(rules[0].external_id == "B307");
    CHECK(rules[0].severity == EVO_SEVERITY_MEDIUM);
    CHECK(rules[1].summary == "shellcheck's codes");
    // The suppression template, its placeholders filled in; none declared reads as empty.
    CHECK(rules[0].suppression == "# nosec B307 or # evo: ignore[PY-EVAL]");
    CHECK(rules[1].suppression.empty());
}

TEST_CASE("a validator older than 1.4 declares no rules", "[unit][rules]") {
    const evo_rule* const table[] = {&eval_rule};
    auto api = with_rules(table, 1);
    api.struct_size = offsetof(evo_validator_api, rule_table); // as a 1.3 plugin declares it
    evo_validator_api copy{};
    std::memcpy(&copy, &api, api.struct_size);
    CHECK(declared_rules(copy).empty());
}

TEST_CASE("a malformed rule table is refused with the entry named", "[unit][rules]") {
    const evo_rule no_summary{sizeof(evo_rule), "X", EVO_SEVERITY_LOW, nullptr, "", nullptr};
    const evo_rule no_id{sizeof(evo_rule), "", EVO_SEVERITY_LOW, nullptr, "s", nullptr};
    const evo_rule spaced{sizeof(evo_rule), "A B", EVO_SEVERITY_LOW, nullptr, "s", nullptr};
    const evo_rule too_severe{sizeof(evo_rule), "X", 7, nullptr, "s", nullptr};
    const evo_rule tiny{4, "X", EVO_SEVERITY_LOW, nullptr, "s", nullptr};
    auto refused = [](const evo_rule* entry) {
        const evo_rule* const table[] = {&eval_rule, entry};
        return declared_rules(with_rules(table, 2));
    };
    CHECK_THROWS_MATCHES(refused(&no_summary), std::invalid_argument,
                         Message("has a rule_table[1] ('X') without a summary"));
    CHECK_THROWS_MATCHES(refused(&no_id), std::invalid_argument,
                         Message("has a rule_table[1] without an id"));
    CHECK_THROWS_MATCHES(refused(&spaced), std::invalid_argument,
                         Message("has a rule_table[1] whose id 'A B' holds whitespace, a comma "
                                 "or a bracket"));
    CHECK_THROWS_MATCHES(refused(&too_severe), std::invalid_argument,
                         Message("has a rule_table[1] ('X') with severity 7 (evo_severity is 0 "
                                 "to 3)"));
    CHECK_THROWS_MATCHES(refused(&tiny), std::invalid_argument,
                         Message("has a rule_table[1] too small to hold an id (struct_size 4, "
                                 "needs 16)"));
    CHECK_THROWS_MATCHES(refused(nullptr), std::invalid_argument,
                         Message("has a NULL rule_table[1]"));
    CHECK_THROWS_MATCHES(refused(&eval_rule), std::invalid_argument,
                         Message("declares 'PY-EVAL' twice (again in rule_table[1])"));
}

TEST_CASE("a selection keeps findings by rule id, external id or prefix", "[unit][select]") {
    rule_selection everything;
    CHECK(everything.keeps("PY-EVAL", "B307"));
    rule_selection s{{"PY-", "B6"}, {"PY-EVAL"}};
    CHECK_FALSE(s.keeps("PY-EVAL", "B307")); // ignore wins
    CHECK(s.keeps("PY-PICKLE", "B301"));
    CHECK(s.keeps("X-SHELL", "B602"));
    CHECK_FALSE(s.keeps("SC2086", "SC2086"));
    CHECK(s.keeps("EVO-VALIDATOR-FAILED", "")); // the host's own: always kept

    auto finding = [](const char* layer, const char* rule) {
        finding_record f;
        f.layer = layer;
        f.rule_id = rule;
        return f;
    };
    std::vector<finding_record> findings{finding("a", "PY-EVAL"), finding("a", "PY-PICKLE"),
                                         finding("b", "SC2086")};
    CHECK(keep_selected(s, findings) == 2);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule_id == "PY-PICKLE");
}

TEST_CASE("selection entries that no declared rule matches are named", "[unit][select]") {
    const std::vector<declared_rule> rules{{"PY-EVAL", 2, "B307", "eval", ""},
                                           {"SC", 1, "SC", "sc", ""}};
    rule_selection s{{"PY-EVALL", "PY-", "B3", "SC2086", "SC20"}, {"Q"}};
    CHECK(unmatched_entries(s, rules) == std::vector<std::string>{"PY-EVALL", "Q"});
    CHECK(selection_entries({"A,B", "C"}) == std::vector<std::string>{"A", "B", "C"});
    CHECK_THROWS_AS(selection_entries({"A,,B"}), std::invalid_argument);
}
