#include "replay_provider.hpp"

#include "cassette_fixture.hpp"
#include "plugin_module.hpp"

#include <catch2/catch.hpp>

#include <thread>
#include <vector>

using namespace replay_test;
using evo_test::cancellable_call;
using evo_test::fake_host;
using replay::replay_provider;

namespace {

struct chunks {
    std::vector<std::string> received;
    std::function<void()> after_each = [] {};

    evo::sink sink() {
        return evo::sink(
            [](void* ctx, evo_str chunk) -> evo_status {
                auto& self = *static_cast<chunks*>(ctx);
                self.received.emplace_back(chunk.data, chunk.size);
                self.after_each();
                return EVO_OK;
            },
            this);
    }
    std::string text() const {
        std::string all;
        for (const auto& chunk : received)
            all += chunk;
        return all;
    }
};

boost::json::object config(const std::string& cassette, std::string_view match = "messages") {
    return {{"cassette", cassette}, {"match", match}};
}

evo::completion ask(replay_provider& provider, const std::string& request, chunks& out,
                    const evo_call* raw_call = nullptr) {
    cancellable_call call;
    return provider.complete(evo::call(raw_call ? raw_call : call.get()), request, out.sink());
}

template <class F> evo::error error_from(F&& body) {
    try {
        body();
    } catch (const evo::error& e) {
        return e;
    }
    FAIL("no evo::error was thrown");
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("replay answers a recorded request with its usage and model", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("c.jsonl");
    write_file(
        path,
        R"({"request": )" + request_json("fib") +
            R"(, "response": "def fib(): ...", "usage": {"prompt_tokens": 5, "completion_tokens": 9}, "model": "m-1"})" +
            "\n" + exchange_line("sort", "sorted(x)"));
    fake_host host;
    replay_provider provider(evo::host_services(host.api()), config(path));
    chunks out;

    auto info = ask(provider, request_json("fib"), out);
    CHECK(out.text() == "def fib(): ...");
    CHECK(info.prompt_tokens == 5);
    CHECK(info.completion_tokens == 9);
    CHECK(info.model == "m-1");
    CHECK_FALSE(info.truncated);

    chunks other;
    CHECK(ask(provider, request_json("sort"), other).model == "replay"); // the line names none
    CHECK(other.text() == "sorted(x)");
}

TEST_CASE("the match mode decides which requests a line answers", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("c.jsonl");
    write_file(path, exchange_line("fib", "answer", "system prompt A"));
    fake_host host;
    chunks out;

    replay_provider by_prompt(evo::host_services(host.api()), config(path, "prompt"));
    ask(by_prompt, request_json("fib", "system prompt B"), out);
    CHECK(out.text() == "answer");

    replay_provider by_messages(evo::host_services(host.api()), config(path, "messages"));
    CHECK(error_from([&] {
              ask(by_messages, request_json("fib", "system prompt B"), out);
          }).status() == EVO_ERR_NOT_FOUND);
}

TEST_CASE("replay streams the response in chunks of chunk_size bytes", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("c.jsonl");
    write_file(path, exchange_line("p", "abcdefghij"));
    fake_host host;
    auto settings = config(path);
    settings["chunk_size"] = 4;
    replay_provider provider(evo::host_services(host.api()), settings);
    chunks out;

    ask(provider, request_json("p"), out);

    CHECK(out.received == std::vector<std::string>{"abcd", "efgh", "ij"});
}

TEST_CASE("replay stops between chunks when cancelled or past its deadline", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("c.jsonl");
    write_file(path, exchange_line("p", "abcdefghij"));
    fake_host host;
    auto settings = config(path);
    settings["chunk_size"] = 2;
    replay_provider provider(evo::host_services(host.api()), settings);
    chunks out;

    SECTION("cancelled after the first chunk") {
        cancellable_call call;
        out.after_each = [&] { call.cancel(); };
        auto e = error_from([&] { ask(provider, request_json("p"), out, call.get()); });
        CHECK(e.status() == EVO_ERR_CANCELLED);
        CHECK(out.received == std::vector<std::string>{"ab"});
    }
    SECTION("a deadline in the past") {
        cancellable_call call;
        evo_call with_deadline = *call.get();
        with_deadline.deadline_unix_ms = 1;
        auto e = error_from([&] { ask(provider, request_json("p"), out, &with_deadline); });
        CHECK(e.status() == EVO_ERR_TIMEOUT);
        CHECK(out.received.empty());
    }
}

TEST_CASE("a request not in the cassette is a clear error", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("c.jsonl");
    write_file(path, exchange_line("known", "answer"));
    fake_host host;
    replay_provider provider(evo::host_services(host.api()), config(path, "prompt"));
    chunks out;

    SECTION("quoting a short prompt whole") {
        auto e = error_from([&] { ask(provider, request_json("say \"hi\""), out); });
        CHECK(e.status() == EVO_ERR_NOT_FOUND);
        CHECK(std::string(e.what()) ==
              "request not in cassette " + path + R"( (match=prompt): "say \"hi\"")");
    }
    SECTION("quoting the first 60 characters of a long prompt") {
        std::string prompt = std::string(59, 'a') + "\xC3\xA9" + "tail that is cut";
        auto e = error_from([&] { ask(provider, request_json(prompt), out); });
        CHECK(std::string(e.what()) == "request not in cassette " + path + " (match=prompt): \"" +
                                           std::string(59, 'a') + "\xC3\xA9\"");
    }
    SECTION("refusing a request that is not JSON") {
        auto e = error_from([&] { ask(provider, "not json", out); });
        CHECK(e.status() == EVO_ERR_INVALID_ARGUMENT);
    }
}

TEST_CASE("record mode forwards unknown requests and appends their answers", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("recorded.jsonl");
    fake_host host;
    int forwarded = 0;
    host.on_complete([&](const evo_call*, std::string_view provider, std::string_view request,
                         std::string& text) {
        ++forwarded;
        CHECK(provider == "upstream");
        CHECK(boost::json::parse(request) == boost::json::parse(request_json("new")));
        text = "fresh answer";
        return EVO_OK;
    });
    auto settings = config(path, "prompt");
    settings["mode"] = "record";
    settings["record_from"] = "upstream";
    replay_provider recorder(evo::host_services(host.api()), settings);

    chunks first, second;
    ask(recorder, request_json("new"), first);
    ask(recorder, request_json("new"), second);

    CHECK(first.text() == "fresh answer");
    CHECK(second.text() == "fresh answer");
    CHECK(forwarded == 1);
    CHECK(read_file(path) ==
          replay::format_cassette_line(replay_test::request("new"), {"fresh answer", 0, 0, ""}));

    replay_provider player(evo::host_services(host.api()), config(path, "prompt"));
    chunks replayed;
    ask(player, request_json("new"), replayed);
    CHECK(replayed.text() == "fresh answer");
}

TEST_CASE("record mode reports a failing upstream and records nothing", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("recorded.jsonl");
    fake_host host;
    host.on_complete([](const evo_call*, std::string_view, std::string_view, std::string& text) {
        text = "connection refused";
        return EVO_ERR_UNAVAILABLE;
    });
    auto settings = config(path, "prompt");
    settings["mode"] = "record";
    settings["record_from"] = "upstream";
    replay_provider recorder(evo::host_services(host.api()), settings);
    chunks out;

    auto e = error_from([&] { ask(recorder, request_json("new"), out); });
    CHECK(e.status() == EVO_ERR_UNAVAILABLE);
    CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("concurrent recording appends each new request once", "[replay]") {
    scratch_dir dir;
    auto path = dir.file("recorded.jsonl");
    fake_host host;
    host.on_complete(
        [](const evo_call*, std::string_view, std::string_view request, std::string& text) {
            text = "answer to " +
                   std::string(replay::last_user_prompt(boost::json::parse(request).as_object()));
            return EVO_OK;
        });
    auto settings = config(path, "prompt");
    settings["mode"] = "record";
    settings["record_from"] = "upstream";
    replay_provider recorder(evo::host_services(host.api()), settings);
    constexpr int prompts = 20;
    std::atomic<int> wrong{0};
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < prompts; ++i) {
                    chunks out;
                    auto prompt = "p" + std::to_string(i);
                    ask(recorder, request_json(prompt), out);
                    if (out.text() != "answer to " + prompt) ++wrong;
                }
            });
    }
    CHECK(wrong.load() == 0);
    replay::cassette reloaded(path, replay::match_mode::prompt,
                              replay::cassette::missing_file::error);
    CHECK(reloaded.size() == prompts);
    auto text = read_file(path);
    CHECK(std::count(text.begin(), text.end(), '\n') == prompts);
}

TEST_CASE("replay refuses a config it cannot serve", "[replay]") {
    scratch_dir dir;
    fake_host host;
    auto settings = config(dir.file("c.jsonl"));
    settings["mode"] = "record";
    auto e = error_from([&] { replay_provider(evo::host_services(host.api()), settings); });
    CHECK(e.status() == EVO_ERR_INVALID_ARGUMENT);
    CHECK(std::string(e.what()) ==
          "config: mode = \"record\" needs record_from (a provider instance ID)");
}
