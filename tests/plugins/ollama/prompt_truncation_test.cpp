#include "prompt_truncation.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

struct logged {
    std::vector<std::string> warnings;
};

void record(void* host_data, int32_t level, evo_str message) {
    if (level == EVO_LOG_WARN)
        static_cast<logged*>(host_data)->warnings.emplace_back(evo::view(message));
}

struct fake_host {
    logged log;
    evo_host_api api{};
    fake_host() {
        api.struct_size = sizeof api;
        api.host_data = &log;
        api.log = record;
    }
    evo::host_services services() const { return evo::host_services(&api); }
};

} // namespace

TEST_CASE("a prompt that filled num_ctx fails the call", "[ollama]") {
    fake_host host;
    CHECK_NOTHROW(ollama::check_prompt_truncation(host.services(), 100u, 99, "{}"));
    try {
        ollama::check_prompt_truncation(host.services(), 100u, 100, "{}");
        FAIL("no error");
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_INVALID_ARGUMENT);
        CHECK(std::string(e.what()) == "the prompt was truncated to num_ctx=100 tokens "
                                       "(prompt_eval_count 100): raise num_ctx");
    }
}

TEST_CASE("without num_ctx a usual default window and a longer request only warn", "[ollama]") {
    fake_host host;
    ollama::check_prompt_truncation(host.services(), std::nullopt, 2048,
                                    std::string(4 * 2048, 'x'));
    CHECK(host.log.warnings.empty()); // not longer than the window
    ollama::check_prompt_truncation(host.services(), std::nullopt, 2047, std::string(100000, 'x'));
    CHECK(host.log.warnings.empty()); // not a usual window
    ollama::check_prompt_truncation(host.services(), std::nullopt, 4096, std::string(100000, 'x'));
    REQUIRE(host.log.warnings.size() == 1);
    CHECK_THAT(host.log.warnings[0], Catch::Contains("set num_ctx"));
}
