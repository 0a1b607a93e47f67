// The built module through the C ABI, with a provider the test scripts.
#include "validator_harness.hpp"

#include <boost/json.hpp>

#include <catch2/catch.hpp>

#include <chrono>

using evo_test::plugin_instance;
using evo_test::validate;
using evo_test::validator_host;

namespace {

const evo_plugin_descriptor& descriptor() {
    static const evo_plugin_descriptor& d = evo_test::load_descriptor(EVO_LLM_REVIEW_PLUGIN);
    return d;
}

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

constexpr std::string_view code = "import shutil\nshutil.rmtree('/')\nprint('done')\n";

struct reviewer {
    validator_host host;
    std::string provider;
    std::string request;
    int64_t deadline = -1;

    // The provider answers `answer` with `status`.
    explicit reviewer(std::string answer, evo_status status = EVO_OK) {
        host.on_complete([this, answer, status](const evo_call* call, std::string_view id,
                                                std::string_view body, std::string& text) {
            provider = id;
            request = body;
            deadline = call->deadline_unix_ms;
            text = answer;
            return status;
        });
    }

    evo_test::validation review(const std::string& config = R"({"provider": "judge"})",
                                const evo_call* call = nullptr) {
        plugin_instance plugin(descriptor(), host.api(), config);
        REQUIRE(plugin.create_status() == EVO_OK);
        evo_test::cancellable_call own;
        return validate(plugin, code, "python", call ? call : own.get());
    }
};

} // namespace

TEST_CASE("llm-review describes itself", "[llm-review][plugin]") {
    const evo_plugin_descriptor& d = descriptor();
    CHECK(std::string(d.name) == "llm-review");
    CHECK(std::string(static_cast<const evo_validator_api*>(d.kind_api)->languages) ==
          "python,shell,cpp");
    const auto schema = boost::json::parse(d.config_schema).as_object();
    CHECK(schema.at("required").as_array() == boost::json::array{"provider"});
}

TEST_CASE("a provider must be named", "[llm-review][plugin]") {
    validator_host host;
    plugin_instance plugin(descriptor(), host.api(), "{}");
    CHECK(plugin.create_status() == EVO_ERR_INVALID_ARGUMENT);
    CHECK(plugin.create_error().find("provider") != std::string::npos);
}

TEST_CASE("an exact SAFE verdict passes", "[llm-review][plugin]") {
    reviewer r("VERDICT: SAFE\n");
    const auto v = r.review();
    CHECK(v.status == EVO_OK);
    CHECK(v.findings.empty());
    CHECK(r.provider == "judge");
    const auto request = boost::json::parse(r.request).as_object();
    const auto& messages = request.at("messages").as_array();
    REQUIRE(messages.size() == 2);
    const std::string user(messages[1].as_object().at("content").as_string());
    CHECK(user.find("Language: python") != std::string::npos);
    CHECK(user.find(code) != std::string::npos);
    CHECK(request.at("temperature").to_number<double>() == 0.0);
}

TEST_CASE("UNSAFE reasons become findings at their lines", "[llm-review][plugin]") {
    reviewer r("VERDICT: UNSAFE\n- REASON: 2: deletes the root directory\n"
               "- REASON: 0: no single line\n- REASON: 40: a line the code does not have\n");
    const auto v = r.review();
    REQUIRE(v.status == EVO_OK);
    REQUIRE(v.findings.size() == 3);
    for (const auto& f : v.findings) {
        CHECK(f.rule_id == "LLM-UNSAFE");
        CHECK(f.severity == EVO_SEVERITY_HIGH);
    }
    CHECK(v.findings[0].line == 2);
    CHECK(v.findings[0].message == "deletes the root directory");
    CHECK(v.findings[1].line == 0);
    CHECK(v.findings[2].line == 0);
}

TEST_CASE("UNSAFE without a reason still fails", "[llm-review][plugin]") {
    reviewer r("VERDICT: UNSAFE");
    const auto v = r.review();
    REQUIRE(v.rule_ids() == std::vector<std::string>{"LLM-UNSAFE"});
    CHECK(v.findings[0].line == 0);
}

TEST_CASE("a malformed answer fails closed and is quoted", "[llm-review][plugin]") {
    const std::string answer = GENERATE("This code looks safe to me.", "", "verdict: safe",
                                        "VERDICT: SAFE\nVERDICT: UNSAFE", "VERDICT: SAFE\nbye");
    CAPTURE(answer);
    reviewer r(answer);
    const auto v = r.review();
    CHECK(v.status == EVO_OK);
    REQUIRE(v.rule_ids() == std::vector<std::string>{"LLM-REVIEW-MALFORMED"});
    CHECK(v.findings[0].severity == EVO_SEVERITY_HIGH);
    CHECK(v.findings[0].message.find(answer) != std::string::npos);
}

TEST_CASE("a very long answer is quoted in part", "[llm-review][plugin]") {
    reviewer r(std::string(100000, 'z'));
    const auto v = r.review();
    REQUIRE(v.findings.size() == 1);
    CHECK(v.findings[0].message.size() < 3000);
}

TEST_CASE("a provider error fails closed with its message", "[llm-review][plugin]") {
    SECTION("unreachable") {
        reviewer r("connection refused", EVO_ERR_UNAVAILABLE);
        const auto v = r.review();
        CHECK(v.status == EVO_OK);
        REQUIRE(v.rule_ids() == std::vector<std::string>{"LLM-REVIEW-ERROR"});
        CHECK(v.findings[0].message.find("connection refused") != std::string::npos);
        CHECK(v.findings[0].fix_hint.find("judge") != std::string::npos);
    }
    SECTION("no such provider") {
        validator_host host;
        plugin_instance plugin(descriptor(), host.api(), R"({"provider": "missing"})");
        evo_test::cancellable_call call;
        const auto v = validate(plugin, code, "python", call.get());
        CHECK(v.rule_ids() == std::vector<std::string>{"LLM-REVIEW-ERROR"});
    }
    SECTION("a timeout") {
        reviewer r("stalled", EVO_ERR_TIMEOUT);
        const auto v = r.review(R"({"provider": "judge", "timeout_ms": 1500})");
        REQUIRE(v.rule_ids() == std::vector<std::string>{"LLM-REVIEW-ERROR"});
        CHECK(v.findings[0].message.find("1500 ms") != std::string::npos);
    }
}

TEST_CASE("the review runs under timeout_ms or the call's earlier deadline",
          "[llm-review][plugin]") {
    SECTION("timeout_ms from now") {
        reviewer r("VERDICT: SAFE");
        const int64_t before = now_ms();
        r.review(R"({"provider": "judge", "timeout_ms": 1500})");
        const int64_t after = now_ms();
        CHECK(r.deadline >= before + 1500);
        CHECK(r.deadline <= after + 1500);
    }
    SECTION("an earlier deadline of the host's call wins") {
        reviewer r("VERDICT: SAFE");
        evo_call call{};
        call.struct_size = sizeof call;
        call.deadline_unix_ms = now_ms() + 100;
        call.is_cancelled = [](const evo_call*) -> int32_t { return 0; };
        r.review(R"({"provider": "judge", "timeout_ms": 600000})", &call);
        CHECK(r.deadline == call.deadline_unix_ms);
    }
}

TEST_CASE("cancellation reaches the provider and is not a verdict", "[llm-review][plugin]") {
    validator_host host;
    bool provider_saw_cancel = false;
    host.on_complete(
        [&](const evo_call* call, std::string_view, std::string_view, std::string& text) {
            provider_saw_cancel = call->is_cancelled(call) != 0;
            text = "cancelled";
            return provider_saw_cancel ? EVO_ERR_CANCELLED : EVO_OK;
        });
    plugin_instance plugin(descriptor(), host.api(), R"({"provider": "judge"})");
    evo_test::cancellable_call call;
    call.cancel();
    const auto v = validate(plugin, code, "python", call.get());
    CHECK(provider_saw_cancel);
    CHECK(v.status == EVO_ERR_CANCELLED);
    CHECK(v.findings.empty());
}
