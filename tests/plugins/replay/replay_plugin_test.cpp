#include "cassette_fixture.hpp"
#include "plugin_module.hpp"

#include <catch2/catch.hpp>

using namespace replay_test;

namespace {

struct answer {
    evo_status status;
    std::string text;
    evo_completion_info info{};
};

answer complete(const evo_test::plugin_instance& instance, const std::string& request) {
    evo_test::cancellable_call call;
    answer result{};
    result.info.struct_size = sizeof result.info;
    result.status = instance.api<evo_provider_api>().complete(
        instance.get(), call.get(), {request.data(), request.size()},
        [](void* ctx, evo_str chunk) -> evo_status {
            static_cast<std::string*>(ctx)->append(chunk.data, chunk.size);
            return EVO_OK;
        },
        &result.text, &result.info);
    return result;
}

std::string config_json(const std::string& cassette, std::string_view extra = "") {
    return R"({"cassette": )" + boost::json::serialize(boost::json::string(cassette)) +
           R"(, "match": "prompt")" + std::string(extra) + "}";
}

} // namespace

TEST_CASE("replay through the C ABI", "[replay]") {
    const auto& descriptor = evo_test::load_descriptor(EVO_REPLAY_PLUGIN);
    REQUIRE(std::string(descriptor.name) == "replay");
    REQUIRE(descriptor.kind == EVO_KIND_PROVIDER);
    auto schema = boost::json::parse(descriptor.config_schema).as_object();
    CHECK(schema.at("properties").at("cassette").at("format") == "path");
    evo_test::fake_host host;
    scratch_dir dir;

    SECTION("the shipped demo cassette answers its prompts") {
        evo_test::plugin_instance instance(descriptor, host.api(), config_json(EVO_DEMO_CASSETTE));
        REQUIRE(instance.create_status() == EVO_OK);
        auto fib = complete(instance,
                            request_json("a Python function that returns the n-th Fibonacci number",
                                         "whatever system prompt the host sends"));
        REQUIRE(fib.status == EVO_OK);
        CHECK(fib.text.find("```python\ndef fibonacci(n: int) -> int:") != std::string::npos);
        CHECK(std::string_view(fib.info.model.data, fib.info.model.size) == "evo-demo");
        CHECK(fib.info.completion_tokens > 0);
        auto shell = complete(
            instance,
            request_json("a shell script that counts lines in every *.txt file of a directory"));
        CHECK(shell.text.find("```bash\n#!/usr/bin/env bash") != std::string::npos);
    }
    SECTION("an unknown request fails with the reason in last_error") {
        auto path = dir.file("c.jsonl");
        write_file(path, exchange_line("known", "answer"));
        evo_test::plugin_instance instance(descriptor, host.api(), config_json(path));
        REQUIRE(instance.create_status() == EVO_OK);
        CHECK(complete(instance, request_json("unknown")).status == EVO_ERR_NOT_FOUND);
        CHECK(instance.last_error() ==
              "request not in cassette " + path + " (match=prompt): \"unknown\"");
    }
    SECTION("a malformed cassette fails create naming file and line") {
        auto path = dir.file("bad.jsonl");
        write_file(path, exchange_line("known", "answer") + "{oops\n");
        evo_test::plugin_instance instance(descriptor, host.api(), config_json(path));
        CHECK(instance.create_status() == EVO_ERR_INVALID_ARGUMENT);
        CHECK(instance.create_error().rfind(path + ":2: not valid JSON", 0) == 0);
    }
    SECTION("record mode asks the host's provider and appends the answer") {
        auto path = dir.file("rec.jsonl");
        host.on_complete(
            [](const evo_call*, std::string_view provider, std::string_view, std::string& text) {
                text = "from " + std::string(provider);
                return EVO_OK;
            });
        evo_test::plugin_instance instance(
            descriptor, host.api(),
            config_json(path, R"(, "mode": "record", "record_from": "upstream")"));
        REQUIRE(instance.create_status() == EVO_OK);
        auto recorded = complete(instance, request_json("new"));
        CHECK(recorded.status == EVO_OK);
        CHECK(recorded.text == "from upstream");
        auto line = boost::json::parse(read_file(path)).as_object();
        CHECK(line.at("response") == "from upstream");
        CHECK(line.at("request") == replay_test::request("new"));
        CHECK_FALSE(host.messages().empty()); // the recording was logged
    }
}
