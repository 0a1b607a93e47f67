// The built module through the C ABI, with the fake host of tests/support.
#include "plugin_module.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

using evo_test::validate;

const evo_plugin_descriptor& descriptor() {
    return evo_test::load_descriptor(EVO_PYTHON_SECURITY_MODULE);
}

// python-security needs no host service: the fake host answers UNSUPPORTED to all of them.
struct plugin {
    evo_test::fake_host host;
    evo_test::cancellable_call call;
    evo_test::plugin_instance instance;

    explicit plugin(std::string_view config) : instance(descriptor(), host.api(), config) {}
    evo_test::validation check(std::string_view code, std::size_t stop_after = SIZE_MAX) {
        return validate(instance, code, "python", call.get(), stop_after);
    }
};

} // namespace

TEST_CASE("the descriptor describes a thread-safe python validator", "[abi]") {
    const evo_plugin_descriptor& d = descriptor();
    CHECK(std::string(d.name) == "python-security");
    CHECK(d.kind == EVO_KIND_VALIDATOR);
    CHECK((d.flags & EVO_FLAG_THREAD_SAFE) != 0);
    CHECK(d.config_schema != nullptr);
    auto api = static_cast<const evo_validator_api*>(d.kind_api);
    CHECK(std::string(api->languages) == "python");
    REQUIRE(api->language_count == 1);
    CHECK(std::string(api->language_table[0]->extensions) == ".py,.pyw");
    CHECK(api->validate != nullptr);
    auto entry = evo_test::entry_point(EVO_PYTHON_SECURITY_MODULE);
    CHECK(entry(EVO_ABI_VERSION_MAJOR + 1, EVO_ABI_VERSION_MINOR) == nullptr);
}

TEST_CASE("validate reports findings through the host callback", "[abi]") {
    plugin p(R"({"disabled_rules": ["B307"]})");
    REQUIRE(p.instance.create_status() == EVO_OK);
    auto out = p.check("import os\neval(x)\nos.system(cmd)\n");
    CHECK(out.status == EVO_OK);
    REQUIRE(out.findings.size() == 1);
    CHECK(out.findings[0].rule_id == "PY-SHELL-COMMAND");
    CHECK(out.findings[0].external_id == "B605");
    CHECK(out.findings[0].severity == EVO_SEVERITY_HIGH);
    CHECK(out.findings[0].line == 3);
    CHECK(out.findings[0].column == 1);
    CHECK_FALSE(out.findings[0].fix_hint.empty());
}

TEST_CASE("the configuration can ignore suppressions", "[abi]") {
    plugin p(R"({"ignore_suppressions": true})");
    REQUIRE(p.instance.create_status() == EVO_OK);
    auto out = p.check("eval(x)  # nosec\n");
    CHECK(out.status == EVO_OK);
    CHECK(out.findings.size() == 1);
}

TEST_CASE("an unknown rule id in the configuration is refused", "[abi]") {
    plugin p(R"({"disabled_rules": ["PY-NOPE"]})");
    CHECK(p.instance.create_status() == EVO_ERR_INVALID_ARGUMENT);
    CHECK(p.instance.create_error().find("PY-NOPE") != std::string::npos);
}

TEST_CASE("a host that stops the findings stops the call", "[abi]") {
    plugin p("");
    REQUIRE(p.instance.create_status() == EVO_OK);
    auto out = p.check("eval(a)\neval(b)\n", 1);
    CHECK(out.status == EVO_ERR_STOPPED);
    CHECK(out.findings.size() == 1);
}
