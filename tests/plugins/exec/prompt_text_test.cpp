#include "prompt_text.hpp"

#include <evo/plugin.hpp>

#include <catch2/catch.hpp>

using exec_plugin::prompt_of;

namespace {

const char* one_turn = R"({"model": "m", "messages": [
    {"role": "system", "content": "be brief"}, {"role": "user", "content": "add two numbers"}]})";

const char* repair = R"({"model": "m", "messages": [
    {"role": "system", "content": "be brief"}, {"role": "user", "content": "add"},
    {"role": "assistant", "content": "def f(:"}, {"role": "user", "content": "fix it"}]})";

} // namespace

TEST_CASE("a single user message is stdin verbatim", "[exec]") {
    auto p = prompt_of(one_turn, false);
    CHECK(p.input == "add two numbers");
    CHECK(p.system == "be brief");
    CHECK(p.model == "m");
}

TEST_CASE("without a system argument the system prompt opens stdin", "[exec]") {
    CHECK(prompt_of(one_turn, true).input == "be brief\n\nadd two numbers");
}

TEST_CASE("a conversation is a transcript under role headings", "[exec]") {
    CHECK(prompt_of(repair, false).input ==
          "### User\nadd\n\n### Assistant\ndef f(:\n\n### User\nfix it\n\n");
    CHECK(prompt_of(repair, true).input.starts_with("### System\nbe brief\n\n### User\nadd\n\n"));
}

TEST_CASE("a request without messages is refused", "[exec]") {
    CHECK_THROWS_AS(prompt_of(R"({"messages": []})", false), evo::error);
    CHECK_THROWS_AS(prompt_of("not json", false), evo::error);
    CHECK_THROWS_AS(prompt_of(R"({"messages": [{"role": "system", "content": "x"}]})", false),
                    evo::error);
}
