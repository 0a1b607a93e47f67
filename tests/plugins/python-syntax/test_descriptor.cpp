// What the host reads from the plugin before creating it.
#include "plugin_instance.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace evo::test;

TEST_CASE("python-syntax: the descriptor declares a thread-safe Python validator",
          "[python-syntax]") {
    const evo_plugin_descriptor& descriptor = python_syntax_descriptor();
    CHECK(std::string(descriptor.name) == "python-syntax");
    CHECK(descriptor.kind == EVO_KIND_VALIDATOR);
    CHECK((descriptor.flags & EVO_FLAG_THREAD_SAFE) != 0);
    CHECK(std::string(static_cast<const evo_validator_api*>(descriptor.kind_api)->languages) ==
          "python");
    CHECK(std::string(descriptor.config_schema).find("\"memory_limit_mb\"") != std::string::npos);
}
