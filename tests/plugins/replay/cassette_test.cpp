#include "cassette.hpp"

#include "cassette_fixture.hpp"

#include <evo/plugin.hpp>

#include <catch2/catch.hpp>

using namespace replay;
using namespace replay_test;

namespace {

evo_status status_of_loading(const std::string& path, match_mode mode, std::string& message) {
    try {
        cassette loaded(path, mode, cassette::missing_file::error);
        return EVO_OK;
    } catch (const evo::error& e) {
        message = e.what();
        return e.status();
    }
}

} // namespace

TEST_CASE("a cassette indexes its lines by match key", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("c.jsonl");
    write_file(
        path,
        exchange_line("one", "first") + "\n  \n" + R"({"request": )" + request_json("two") +
            R"(, "response": "second", "usage": {"prompt_tokens": 7, "completion_tokens": 11}, "model": "m-2"})" +
            "\n");

    cassette tape(path, match_mode::prompt, cassette::missing_file::error);

    CHECK(tape.size() == 2);
    CHECK(tape.find("one")->response == "first");
    auto second = tape.find("two");
    REQUIRE(second);
    CHECK(second->prompt_tokens == 7);
    CHECK(second->completion_tokens == 11);
    CHECK(second->model == "m-2");
    CHECK_FALSE(tape.find("three"));
}

TEST_CASE("a request recorded twice answers with its last line", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("c.jsonl");
    write_file(path, exchange_line("p", "old") + exchange_line("p", "new"));
    cassette tape(path, match_mode::messages, cassette::missing_file::error);
    CHECK(tape.size() == 1);
    CHECK(tape.find(match_key(request("p"), match_mode::messages))->response == "new");
}

TEST_CASE("a malformed cassette line is reported as file:line", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("bad.jsonl");
    std::string good = exchange_line("fine", "ok");
    std::string message;

    auto check_line_3 = [&](std::string_view bad_line, std::string_view reason) {
        write_file(path, good + "\n" + std::string(bad_line) + "\n" + good);
        CHECK(status_of_loading(path, match_mode::prompt, message) == EVO_ERR_INVALID_ARGUMENT);
        CHECK(message == path + ":3: " + std::string(reason));
    };
    check_line_3(R"({"request": )", "not valid JSON (incomplete JSON)");
    check_line_3(R"(["a list"])", "not a JSON object");
    check_line_3(R"({"request": {"messages": []}})", "missing \"response\"");
    check_line_3(R"({"response": "r"})", "missing \"request\"");
    check_line_3(R"({"request": "hi", "response": "r"})", "\"request\" is not an object");
    check_line_3(R"({"request": {"messages": []}, "response": "r"})",
                 "the request has no user message with text content");
    check_line_3(R"({"request": {"messages": [{"role": "user", "content": "p"}]}, "response": 1})",
                 "\"response\" is not a string");
    check_line_3(
        R"({"request": {"messages": [{"role": "user", "content": "p"}]}, "response": "r", "usage": {"prompt_tokens": -1}})",
        "\"usage.prompt_tokens\" is not a non-negative integer");
}

TEST_CASE("a missing cassette is an error unless recording may create it", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("absent.jsonl");
    std::string message;
    CHECK(status_of_loading(path, match_mode::prompt, message) == EVO_ERR_NOT_FOUND);
    CHECK(message == "cannot open cassette " + path + ": No such file or directory");

    cassette empty(path, match_mode::prompt, cassette::missing_file::empty);
    CHECK(empty.size() == 0);
}

TEST_CASE("a cassette that cannot be read is an error naming why", "[replay]") {
    scratch_dir dir;
    const std::string path = dir.path().string(); // opens, but read(2) fails
    std::string message;
    CHECK(status_of_loading(path, match_mode::prompt, message) == EVO_ERR_NOT_FOUND);
    CHECK(message == "cannot read cassette " + path + ": Is a directory");
}

TEST_CASE("recording appends one line that loads back", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("rec.jsonl");
    auto key = match_key(request("new prompt"), match_mode::messages);

    SECTION("to a new file") {
        cassette tape(path, match_mode::messages, cassette::missing_file::empty);
        tape.record(key, request("new prompt"), cassette_entry{"answer", 3, 4, "up"});
        CHECK(read_file(path) ==
              format_cassette_line(request("new prompt"), cassette_entry{"answer", 3, 4, "up"}));
    }
    SECTION("after a last line without a newline") {
        write_file(path, exchange_line("old", "x").substr(0, exchange_line("old", "x").size() - 1));
        cassette tape(path, match_mode::messages, cassette::missing_file::error);
        tape.record(key, request("new prompt"), cassette_entry{"answer", 0, 0, ""});
    }
    SECTION("unless the request is already recorded") {
        cassette tape(path, match_mode::messages, cassette::missing_file::empty);
        tape.record(key, request("new prompt"), cassette_entry{"answer", 0, 0, ""});
        auto kept = tape.record(key, request("new prompt"), cassette_entry{"other", 0, 0, ""});
        CHECK(kept.response == "answer");
    }

    cassette reloaded(path, match_mode::messages, cassette::missing_file::error);
    CHECK(reloaded.find(key)->response == "answer");
}
