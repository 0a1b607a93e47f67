// The kit's exchange through the real host HTTP stack against fake_llm.py: each of the four
// limits fires with a message naming its manifest key, and transport failures are classified.
#include "fake_llm_server.hpp"
#include "test_host.hpp"

#include "provider_kit/exchange.hpp"

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

using provider_kit::failure_class;
using std::chrono::milliseconds;

namespace {

const std::string request_body =
    R"({"model": "m", "stream": true, "messages": [{"role": "user", "content": "hello"}]})";

struct result {
    provider_kit::exchange::outcome outcome;
    std::optional<provider_kit::failure> failed; // set when the transfer failed
    std::string body;
};

struct receiver {
    provider_kit::exchange* exchange = nullptr;
    bool text_on_first_chunk = true;
    std::string body;
    static evo_status take(void* self, evo_str chunk) noexcept {
        auto& r = *static_cast<receiver*>(self);
        r.body.append(chunk.data, chunk.size);
        if (r.text_on_first_chunk) r.exchange->text_arrived();
        return EVO_OK;
    }
};

// POSTs the chat request once to `url` under `limits`, the budget being limits.total.
result post_once(const provider_kit_test::test_host& host, const std::string& url,
                 const provider_kit::limits& limits, bool text_on_first_chunk = true) {
    provider_kit::call_budget budget(evo::call(host.call()), limits.total);
    provider_kit::exchange exchange(host.services(), budget, limits);
    receiver r{&exchange, text_on_first_chunk, {}};
    evo::sink sink(&receiver::take, &r);
    result out;
    out.outcome = exchange.post(url, {"Content-Type: application/json"}, request_body, sink);
    if (out.outcome.transport_error)
        out.failed = exchange.transport_failure(*out.outcome.transport_error, url,
                                                exchange.bytes_received(), false);
    out.body = std::move(r.body);
    return out;
}

provider_kit::limits quick_limits() {
    provider_kit::limits limits;
    limits.connect = milliseconds(5000);
    limits.first_token = milliseconds(20000);
    limits.idle = milliseconds(20000);
    limits.total = milliseconds(60000);
    return limits;
}

std::string chat_url(const openai_test::fake_llm_server& server) {
    return server.base_url() + "/chat/completions";
}

// A loopback port that takes no connection: a listener whose accept queue is full (backlog 0
// holds one, never accepted), so the kernel drops further SYNs and connect() waits.
class unanswered_port {
  public:
    unanswered_port() {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(listen(listener_, 0) == 0);
        socklen_t size = sizeof address;
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        for (int& filler : fillers_) {
            filler = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            connect(filler, reinterpret_cast<sockaddr*>(&address), sizeof address);
        }
    }
    ~unanswered_port() {
        for (int filler : fillers_)
            close(filler);
        close(listener_);
    }
    unanswered_port(const unanswered_port&) = delete;
    unanswered_port& operator=(const unanswered_port&) = delete;
    int port() const noexcept { return port_; }

  private:
    int listener_ = -1;
    int fillers_[2] = {-1, -1};
    int port_ = 0;
};

} // namespace

TEST_CASE("exchange: an answer streams through, with status and headers",
          "[provider-kit][exchange]") {
    provider_kit_test::test_host host;
    openai_test::fake_llm_server server;
    auto out = post_once(host, chat_url(server), quick_limits());
    CHECK_FALSE(out.failed);
    CHECK(out.outcome.http_status == 200);
    CHECK_FALSE(out.outcome.headers.empty());
    CHECK(out.body.find("data: [DONE]") != std::string::npos);
}

TEST_CASE("exchange: an error status comes back as an answer with its Retry-After",
          "[provider-kit][exchange]") {
    provider_kit_test::test_host host;
    openai_test::fake_llm_server server;
    server.script(R"([{"status": 429, "retry_after": 2}])");
    auto out = post_once(host, chat_url(server), quick_limits());
    REQUIRE_FALSE(out.failed);
    REQUIRE(out.outcome.http_status == 429);
    auto f = provider_kit::http_failure(429, out.outcome.headers, out.body, chat_url(server),
                                        provider_kit::error_message(out.body));
    CHECK(f.kind == failure_class::rate_limited);
    CHECK(f.retry_after == milliseconds(2000));
    CHECK(f.message == "HTTP 429 from " + chat_url(server) + ": scripted status 429");
}

TEST_CASE("exchange: idle_timeout_ms ends a server that goes quiet", "[provider-kit][exchange]") {
    provider_kit_test::test_host host;
    openai_test::fake_llm_server server;
    server.script(R"([{"stall": 30}])");
    auto limits = quick_limits();
    limits.idle = milliseconds(300);
    auto out = post_once(host, chat_url(server), limits);
    REQUIRE(out.failed);
    CHECK(out.failed->kind == failure_class::timeout);
    CHECK(out.failed->status == EVO_ERR_TIMEOUT);
    CHECK(out.failed->message ==
          "no data from " + chat_url(server) + " for 300 ms (idle_timeout_ms)");
    CHECK_FALSE(provider_kit::retryable(*out.failed));
}

TEST_CASE("exchange: first_token_timeout_ms ends a server that sends no text in time",
          "[provider-kit][exchange]") {
    provider_kit_test::test_host host;
    openai_test::fake_llm_server server;
    auto limits = quick_limits();
    limits.first_token = milliseconds(300);
    SECTION("nothing at all: not even headers") {
        server.script(R"([{"latency": 30}])");
    }
    SECTION("bytes, but no text (only the caller knows what text is)") {
        server.script(R"([{"stall": 30}])");
    }
    bool text_on_first_chunk = false;
    auto out = post_once(host, chat_url(server), limits, text_on_first_chunk);
    REQUIRE(out.failed);
    CHECK(out.failed->kind == failure_class::timeout);
    CHECK(out.failed->message ==
          "no first token from " + chat_url(server) + " within 300 ms (first_token_timeout_ms)");
    CHECK_FALSE(provider_kit::retryable(*out.failed));
}

TEST_CASE("exchange: text lifts the first-token limit", "[provider-kit][exchange]") {
    provider_kit_test::test_host host;
    openai_test::fake_llm_server server;
    server.script(R"([{"stall": 0.6}])"); // text first, then a pause past first_token
    auto limits = quick_limits();
    limits.first_token = milliseconds(200);
    auto out = post_once(host, chat_url(server), limits);
    CHECK_FALSE(out.failed);
    CHECK(out.outcome.http_status == 200);
}

TEST_CASE("exchange: timeout_ms bounds the whole exchange", "[provider-kit][exchange]") {
    provider_kit_test::test_host host;
    openai_test::fake_llm_server server;
    server.script(R"([{"stall": 30}])");
    auto limits = quick_limits();
    limits.total = milliseconds(400);
    auto out = post_once(host, chat_url(server), limits);
    REQUIRE(out.failed);
    CHECK(out.failed->kind == failure_class::timeout);
    CHECK(out.failed->message == "no answer within 400 ms (timeout_ms) from " + chat_url(server));
}

TEST_CASE("exchange: connect_timeout_ms ends a connection that never opens, and is retried",
          "[provider-kit][exchange]") {
    provider_kit_test::test_host host;
    unanswered_port port;
    std::string url = "http://127.0.0.1:" + std::to_string(port.port()) + "/v1/chat/completions";
    auto limits = quick_limits();
    limits.connect = milliseconds(300);
    auto out = post_once(host, url, limits);
    REQUIRE(out.failed);
    CHECK(out.failed->kind == failure_class::timeout);
    CHECK(out.failed->message == "no connection to " + url + " within 300 ms (connect_timeout_ms)");
    CHECK(out.failed->retry_connect_timeout);
    CHECK(provider_kit::retryable(*out.failed));
}

TEST_CASE("exchange: a refused connection and a cut answer are server errors, retried",
          "[provider-kit][exchange]") {
    provider_kit_test::test_host host;
    SECTION("refused") {
        std::string url = "http://127.0.0.1:" + std::to_string(openai_test::unused_port()) +
                          "/v1/chat/completions";
        auto out = post_once(host, url, quick_limits());
        REQUIRE(out.failed);
        CHECK(out.failed->kind == failure_class::server_error);
        CHECK(out.failed->message == "cannot reach " + url);
        CHECK(provider_kit::retryable(*out.failed));
    }
    SECTION("cut") {
        openai_test::fake_llm_server server;
        server.script(R"([{"cut": true, "chunk_size": 4}])");
        auto out = post_once(host, chat_url(server), quick_limits());
        REQUIRE(out.failed);
        CHECK(out.failed->kind == failure_class::server_error);
        CHECK_THAT(out.failed->message, Catch::StartsWith("the answer was cut off after "));
        CHECK(provider_kit::retryable(*out.failed));
        out.failed->text_streamed = true; // had the caller seen text, no retry
        CHECK_FALSE(provider_kit::retryable(*out.failed));
    }
}

TEST_CASE("exchange: a cancelled call stops at once, not retried", "[provider-kit][exchange]") {
    provider_kit_test::test_host host;
    openai_test::fake_llm_server server;
    host.cancel();
    auto out = post_once(host, chat_url(server), quick_limits());
    REQUIRE(out.failed);
    CHECK(out.failed->kind == failure_class::cancelled);
    CHECK_FALSE(provider_kit::retryable(*out.failed));
}
