#include "canonical_json.hpp"
#include "match_key.hpp"

#include "cassette_fixture.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace replay;
using replay_test::request;

TEST_CASE("canonical JSON sorts members at every depth", "[replay]") {
    auto a = boost::json::parse(R"({"b": [1, {"y": true, "x": null}], "a": "s\n"})");
    auto b = boost::json::parse(R"({"a": "s\n", "b": [1, {"x": null, "y": true}]})");
    CHECK(canonical_json(a) == canonical_json(b));
    CHECK(canonical_json(a) == R"({"a":"s\n","b":[1,{"x":null,"y":true}]})");
    CHECK(canonical_json(boost::json::parse("[2, 1]")) !=
          canonical_json(boost::json::parse("[1, 2]")));
}

TEST_CASE("messages matching compares the whole conversation", "[replay]") {
    auto key = match_key(request("sort a list"), match_mode::messages);
    CHECK(key == match_key(request("sort a list"), match_mode::messages));
    CHECK(key != match_key(request("sort a list", "another system prompt"), match_mode::messages));
    CHECK(key != match_key(request("sort a set"), match_mode::messages));

    auto reordered = request("sort a list");
    auto& user = reordered["messages"].as_array()[1].as_object();
    user = {{"content", "sort a list"}, {"role", "user"}};
    CHECK(match_key(reordered, match_mode::messages) == key);

    auto other_parameters = request("sort a list");
    other_parameters["temperature"] = 0.7;
    CHECK(match_key(other_parameters, match_mode::messages) == key);
}

TEST_CASE("prompt matching compares only the last user message", "[replay]") {
    CHECK(match_key(request("sort a list"), match_mode::prompt) == "sort a list");
    CHECK(match_key(request("sort a list", "another system prompt"), match_mode::prompt) ==
          "sort a list");

    auto repair = request("sort a list");
    auto& messages = repair["messages"].as_array();
    messages.push_back({{"role", "assistant"}, {"content", "def f(): ..."}});
    messages.push_back({{"role", "user"}, {"content", "fix: line 1 is incomplete"}});
    CHECK(match_key(repair, match_mode::prompt) == "fix: line 1 is incomplete");
    CHECK(last_user_prompt(repair) == "fix: line 1 is incomplete");
}

TEST_CASE("a request without the matched parts is refused with the reason", "[replay]") {
    boost::json::object no_messages{{"model", "m"}};
    CHECK_THROWS_WITH(match_key(no_messages, match_mode::messages),
                      "the request has no \"messages\" array");
    boost::json::object system_only{{"messages", {{{"role", "system"}, {"content", "s"}}}}};
    CHECK_THROWS_WITH(match_key(system_only, match_mode::prompt),
                      "the request has no user message with text content");
    CHECK(last_user_prompt(system_only).empty());
}

TEST_CASE("match modes are named messages and prompt", "[replay]") {
    CHECK(parse_match_mode("messages") == match_mode::messages);
    CHECK(parse_match_mode("prompt") == match_mode::prompt);
    CHECK(match_mode_name(match_mode::prompt) == "prompt");
    CHECK_THROWS_AS(parse_match_mode("exact"), std::invalid_argument);
}
