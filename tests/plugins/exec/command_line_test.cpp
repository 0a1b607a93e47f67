#include "command_line.hpp"

#include <evo/plugin.hpp>

#include <catch2/catch.hpp>

using exec_plugin::command_line;
using exec_plugin::settings;

TEST_CASE("{model} is replaced in every argument, the config's model first", "[exec]") {
    settings s;
    s.command = {"llm", "-m", "{model}", "--option=model:{model}"};
    CHECK(command_line(s, "from-request", "") ==
          std::vector<std::string>{"llm", "-m", "from-request", "--option=model:from-request"});
    s.model = "from-config";
    CHECK(command_line(s, "from-request", "")[2] == "from-config");
}

TEST_CASE("the system argument is appended only when there is a system prompt", "[exec]") {
    settings s;
    s.command = {"llm"};
    s.system_argument = {"-s", "{system}"};
    CHECK(command_line(s, "m", "") == std::vector<std::string>{"llm"});
    CHECK(command_line(s, "m", "be {model} brief") ==
          std::vector<std::string>{"llm", "-s", "be {model} brief"});
}

TEST_CASE("an argument that expands to nothing is a config error naming it", "[exec]") {
    settings s;
    s.command = {"llm", "-m", "{model}"};
    try {
        command_line(s, "", "");
        FAIL("no error");
    } catch (const evo::error& e) {
        CHECK(e.status() == EVO_ERR_INVALID_ARGUMENT);
        CHECK_THAT(e.what(), Catch::Contains("command[2] (\"{model}\") is empty"));
    }
}
