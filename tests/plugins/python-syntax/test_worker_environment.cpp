// Workers start with a minimal environment: a secret in the host's environment never
// reaches the interpreter that compiles untrusted source.
#include "plugin_instance.hpp"
#include "worker_processes.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

using namespace evo::test;

TEST_CASE("python-syntax: workers do not inherit the host's environment", "[python-syntax]") {
    setenv("EVO_TEST_PROVIDER_API_KEY", "sk-worker-secret", 1);
    const plugin_instance plugin(R"({"workers": 1})");
    REQUIRE(plugin.validate("x = 1\n").status == EVO_OK);
    const auto workers = running_workers();
    REQUIRE(workers.size() == 1);
    std::ifstream file("/proc/" + std::to_string(workers.front()) + "/environ");
    std::stringstream environment;
    environment << file.rdbuf();
    unsetenv("EVO_TEST_PROVIDER_API_KEY");
    CHECK(environment.str().find("sk-worker-secret") == std::string::npos);
    CHECK(environment.str().find("PATH=") != std::string::npos);
}
