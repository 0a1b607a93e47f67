// The openai plugin driven through the real host against fake_llm.py on loopback.
#include "provider_fixture.hpp"

#include <evo/host/error.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <thread>

using openai_test::provider_fixture;

namespace {

const std::string echo_of_hello = "```python\ndef answer():\n    return 'hello'\n```\n";

std::size_t requests_seen(const provider_fixture& f) {
    return f.server.requests().size();
}

} // namespace

TEST_CASE("host: a plain answer with usage, and the request it sent", "[openai][host]") {
    provider_fixture f;
    f.load({{"stream", "false"}});
    auto out = f.complete("hello");
    REQUIRE(out.result.status == EVO_OK);
    CHECK(out.text() == echo_of_hello);
    CHECK(out.chunks.size() == 1);
    CHECK(out.result.model == "test-model");
    CHECK(out.result.prompt_tokens == 1);
    CHECK(out.result.completion_tokens > 0);
    CHECK_FALSE(out.result.truncated);

    auto requests = f.server.requests();
    REQUIRE(requests.size() == 1);
    const auto& sent = requests[0].at("body").as_object();
    CHECK(sent.at("stream") == false);
    CHECK(sent.at("max_tokens") == 256);
    CHECK_FALSE(sent.contains("language"));
    CHECK(requests[0].at("headers").at("Authorization") == "Bearer sk-test");
}

TEST_CASE("host: a streamed answer arrives in pieces", "[openai][host]") {
    provider_fixture f;
    f.load({{"model", "\"configured-model\""}});
    const std::string answer = "```python\ndef add(a, b):\n    return a + b\n```\n";
    f.server.script(boost::json::serialize(boost::json::array{
        boost::json::object{{"match", "add"}, {"response", answer}, {"chunk_size", 5}}}));
    auto out = f.complete("write add");
    REQUIRE(out.result.status == EVO_OK);
    CHECK(out.text() == answer);
    CHECK(out.chunks.size() == (answer.size() + 4) / 5);
    CHECK(out.result.model == "configured-model");
    CHECK(out.result.completion_tokens > 0);
    auto requests = f.server.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].at("body").at("stream") == true);
    CHECK(requests[0].at("body").at("model") == "configured-model");
}

TEST_CASE("host: a 429 with Retry-After is waited out and retried", "[openai][host]") {
    provider_fixture f;
    f.load({{"retry_max_ms", "2000"}});
    f.server.script(R"([{"status": 429, "retry_after": 1, "times": 1}])");
    auto out = f.complete("hello");
    REQUIRE(out.result.status == EVO_OK);
    CHECK(out.text() == echo_of_hello);
    CHECK(requests_seen(f) == 2);
}

TEST_CASE("host: 500 twice, then an answer", "[openai][host]") {
    provider_fixture f;
    f.load();
    f.server.script(R"([{"status": 500, "times": 2}])");
    auto out = f.complete("hello");
    REQUIRE(out.result.status == EVO_OK);
    CHECK(out.text() == echo_of_hello);
    CHECK(requests_seen(f) == 3);
}

TEST_CASE("host: retries run out", "[openai][host]") {
    provider_fixture f;
    f.load({{"max_retries", "2"}});
    SECTION("on 429: rate limited") {
        f.server.script(R"([{"status": 429, "retry_after": 0}])");
        auto out = f.complete("hello");
        CHECK(out.result.status == EVO_ERR_RATE_LIMITED);
        CHECK_THAT(out.result.error, Catch::StartsWith("HTTP 429 from " + f.server.base_url()));
        CHECK_THAT(out.result.error, Catch::Contains("scripted status 429 (3 attempts)"));
    }
    SECTION("on 503: unavailable") {
        f.server.script(R"([{"status": 503}])");
        auto out = f.complete("hello");
        CHECK(out.result.status == EVO_ERR_UNAVAILABLE);
        CHECK_THAT(out.result.error, Catch::Contains("HTTP 503"));
    }
    CHECK(requests_seen(f) == 3);
    CHECK(f.complete("hello").chunks.empty());
}

TEST_CASE("host: a client error is not retried", "[openai][host]") {
    provider_fixture f;
    f.load();
    f.server.script(R"([{"status": 401}])");
    auto out = f.complete("hello");
    CHECK(out.result.status == EVO_ERR_INVALID_ARGUMENT);
    CHECK_THAT(out.result.error, Catch::Contains("HTTP 401"));
    CHECK(requests_seen(f) == 1);
}

TEST_CASE("host: an exhausted quota is not retried", "[openai][host][quota]") {
    provider_fixture f;
    f.load({{"max_retries", "3"}});
    SECTION("429 insufficient_quota") {
        f.server.script(R"([{"quota": true}])");
    }
    SECTION("403 saying so") {
        f.server.script(R"([{"quota": true, "status": 403}])");
    }
    auto out = f.complete("hello");
    CHECK(out.result.status == EVO_ERR_RATE_LIMITED);
    CHECK_THAT(out.result.error, Catch::StartsWith("quota exhausted: HTTP 4"));
    CHECK_THAT(out.result.error, Catch::Contains("You exceeded your current quota"));
    CHECK(requests_seen(f) == 1);
}

TEST_CASE("host: a stalled server times out without a retry", "[openai][host]") {
    provider_fixture f;
    f.load({{"stall_timeout_ms", "300"}, {"stream", GENERATE("true", "false")}});
    f.server.script(R"([{"stall": 30}])");
    auto out = f.complete("hello");
    CHECK(out.result.status == EVO_ERR_TIMEOUT);
    CHECK_THAT(out.result.error, Catch::Contains("for 300 ms (idle_timeout_ms)"));
    CHECK(requests_seen(f) == 1);
}

TEST_CASE("host: timeout_ms bounds the whole call", "[openai][host]") {
    provider_fixture f;
    f.load({{"timeout_ms", "500"}});
    f.server.script(R"([{"stall": 30}])");
    auto out = f.complete("hello");
    CHECK(out.result.status == EVO_ERR_TIMEOUT);
    CHECK_THAT(out.result.error, Catch::Contains("no answer within 500 ms (timeout_ms)"));
}

TEST_CASE("host: a stream cut after text is a protocol error, not retried", "[openai][host]") {
    provider_fixture f;
    f.load();
    f.server.script(R"([{"cut": true, "times": 1}])");
    auto out = f.complete("hello");
    CHECK(out.result.status == EVO_ERR_PROTOCOL);
    CHECK_THAT(out.result.error, Catch::Contains("cut off"));
    CHECK_FALSE(out.chunks.empty());
    CHECK(requests_seen(f) == 1);
}

TEST_CASE("host: a plain answer cut before any text is retried", "[openai][host]") {
    provider_fixture f;
    f.load({{"stream", "false"}});
    f.server.script(R"([{"cut": true, "times": 1}])");
    auto out = f.complete("hello");
    REQUIRE(out.result.status == EVO_OK);
    CHECK(out.text() == echo_of_hello);
    CHECK(requests_seen(f) == 2);
}

TEST_CASE("host: malformed JSON is a protocol error naming it", "[openai][host]") {
    provider_fixture f;
    SECTION("in a plain answer") {
        f.load({{"stream", "false"}});
        f.server.script(R"([{"malformed": true}])");
        auto out = f.complete("hello");
        CHECK(out.result.status == EVO_ERR_PROTOCOL);
        CHECK_THAT(out.result.error, Catch::StartsWith("the answer: malformed JSON"));
        CHECK(out.chunks.empty());
    }
    SECTION("in a stream event") {
        f.load();
        f.server.script(R"([{"malformed": true}])");
        auto out = f.complete("hello");
        CHECK(out.result.status == EVO_ERR_PROTOCOL);
        CHECK_THAT(out.result.error, Catch::StartsWith("stream event 2: malformed JSON"));
        CHECK(out.chunks.size() == 1);
    }
    CHECK(requests_seen(f) == 1);
}

TEST_CASE("host: an error object inside a 200 answer is an error, retried", "[openai][host]") {
    provider_fixture f;
    f.load({{"stream", GENERATE("true", "false")}});
    f.server.script(R"([{"error_body": true, "times": 1}])");
    auto out = f.complete("hello");
    REQUIRE(out.result.status == EVO_OK);
    CHECK(out.text() == echo_of_hello);
    CHECK(requests_seen(f) == 2);
}

TEST_CASE("host: an error in the middle of a stream is never accepted text", "[openai][host]") {
    provider_fixture f;
    f.load();
    f.server.script(R"([{"midstream_error": "The server is overloaded"}])");
    auto out = f.complete("hello");
    CHECK(out.result.status == EVO_ERR_UNAVAILABLE);
    CHECK_THAT(out.result.error,
               Catch::Contains("the server reported an error: The server is overloaded"));
    // Overloaded is retried, but not once text reached the caller: it would see it twice.
    CHECK(requests_seen(f) == 1);
}

TEST_CASE("host: finish_reason length marks the answer truncated", "[openai][host]") {
    provider_fixture f;
    f.load({{"stream", GENERATE("true", "false")}});
    f.server.script(R"([{"truncated": true, "response": "def f("}])");
    auto out = f.complete("hello");
    REQUIRE(out.result.status == EVO_OK);
    CHECK(out.text() == "def f(");
    CHECK(out.result.truncated);
}

TEST_CASE("host: nobody listening is unavailable after the retries", "[openai][host]") {
    provider_fixture f;
    std::string url = "http://127.0.0.1:" + std::to_string(openai_test::unused_port()) + "/v1";
    f.load({{"base_url", "\"" + url + "\""}, {"max_retries", "1"}});
    auto out = f.complete("hello");
    CHECK(out.result.status == EVO_ERR_UNAVAILABLE);
    CHECK(out.result.error == "cannot reach " + url + "/chat/completions (2 attempts)");
}

TEST_CASE("host: cancellation ends the wait between retries", "[openai][host]") {
    provider_fixture f;
    f.load({{"retry_base_ms", "20000"}, {"retry_max_ms", "20000"}, {"timeout_ms", "60000"}});
    f.server.script(R"([{"status": 503}])");
    evo::host::cancellation stop;
    evo::host::call_scope call(stop);
    openai_test::outcome out;
    std::thread caller([&] { out = f.complete("hello", call.raw()); });
    for (int polls = 0; polls < 2000 && requests_seen(f) == 0; ++polls)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    stop.cancel();
    caller.join();
    CHECK(out.result.status == EVO_ERR_CANCELLED);
    CHECK(requests_seen(f) == 1);
}

TEST_CASE("host: a caller that refuses text stops the answer, no retry", "[openai][host]") {
    provider_fixture f;
    f.load();
    f.server.script(R"([{"response": "0123456789abcdef", "chunk_size": 2}])");
    auto out = f.complete("hello", nullptr, [](std::string_view) { return false; });
    CHECK(out.result.status == EVO_ERR_STOPPED);
    CHECK(out.chunks.size() == 1);
    CHECK(requests_seen(f) == 1);
}

TEST_CASE("host: a bad table is refused when the manifest loads", "[openai][host]") {
    provider_fixture f;
    CHECK_THROWS_WITH(f.load({{"retries", "3"}}), Catch::Contains("unknown key 'retries'"));
    CHECK_THROWS_WITH(f.load({{"base_url", "\"ftp://x\""}}),
                      Catch::Contains("base_url must start with http:// or https://"));
}
