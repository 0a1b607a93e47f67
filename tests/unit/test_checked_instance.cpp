// Checked instances in the identity memo: what loading a plugin and checking an instance's
// configuration established, so that evo gen need not load a plugin a cache hit never calls.
#include <evo/host/checked_instance.hpp>

#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <string>

using namespace evo::host;
namespace json = boost::json;

using evo::test::set_mtime;

namespace {

namespace fs = std::filesystem;

plugin_facts validator_facts(const fs::path& file) {
    plugin_facts f;
    f.file = file;
    f.name = "python-syntax";
    f.version = "1.2.3";
    f.abi = "1.3";
    f.kind = EVO_KIND_VALIDATOR;
    f.flags = EVO_FLAG_THREAD_SAFE | EVO_FLAG_RUNS_TESTS;
    f.config_schema =
        R"({"type": "object", "properties": {"dir": {"type": "string", "format": "path"}}})";
    f.languages.push_back({"python",
                           {"py", "python3"},
                           {".py"},
                           {"python3"},
                           command_language{"python", "main.py", "test_main.py",
                                            "python3 -m pytest", "write pytest tests"}});
    f.languages.push_back({"shell", {"sh"}, {".sh"}, {"bash", "sh"}});
    f.identity = true;
    f.identity_files = true;
    return f;
}

instance_config instance(const std::string& manifest, const std::string& config_json) {
    instance_config inst;
    inst.id = "check";
    inst.plugin = "python-syntax";
    inst.config = json::parse(config_json).as_object();
    inst.where.file = manifest;
    return inst;
}

} // namespace

TEST_CASE("a checked instance reads back as it was written", "[unit][identity-memo]") {
    checked_instance c{validator_facts("/lib/evo/plugins/evo-python-syntax.so"),
                       json::parse(R"({"dir": "/abs/dir", "workers": 2})").as_object()};
    auto back = checked_instance_from(checked_instance_text(c));
    REQUIRE(back);
    CHECK(same_facts(back->facts, c.facts));
    CHECK(back->config == c.config);
    REQUIRE(back->facts.languages.size() == 2);
    REQUIRE(back->facts.languages[0].command);
    CHECK(back->facts.languages[0].command->runner == "python3 -m pytest");
    CHECK_FALSE(back->facts.languages[1].command);
    CHECK(back->facts.config_schema == c.facts.config_schema);

    SECTION("a plugin without a schema keeps having none") {
        c.facts.config_schema.reset();
        auto again = checked_instance_from(checked_instance_text(c));
        REQUIRE(again);
        CHECK_FALSE(again->facts.config_schema);
    }
    SECTION("facts that differ in anything are not the same") {
        plugin_facts other = c.facts;
        other.flags = EVO_FLAG_THREAD_SAFE;
        CHECK_FALSE(same_facts(other, c.facts));
        other = c.facts;
        other.languages[1].aliases.push_back("bash");
        CHECK_FALSE(same_facts(other, c.facts));
    }
}

TEST_CASE("text that is not a checked instance is none", "[unit][identity-memo]") {
    CHECK_FALSE(checked_instance_from("{torn"));
    CHECK_FALSE(checked_instance_from("\"an identity() text\""));
    CHECK_FALSE(checked_instance_from(R"({"facts": {"name": 1}, "config": {}})"));
}

TEST_CASE("a checked instance is found while its plugin file and configuration stay",
          "[unit][identity-memo]") {
    evo::test::scratch_dir dir;
    const fs::path plugin = dir.write("evo-python-syntax.so", "not really a library");
    set_mtime(plugin, 500000);
    const std::string manifest = dir.file("evo.toml");
    const instance_config inst = instance(manifest, R"({"workers": 2})");
    const std::string key = checked_instance_key(plugin, inst);
    identity_memo memo(dir.file("identities.json"));
    remember_checked_instance(memo, key, {validator_facts(plugin), json::object{{"workers", 2}}});

    identity_memo afresh(dir.file("identities.json"));
    auto found = find_checked_instance(afresh, key);
    REQUIRE(found);
    CHECK(found->config.at("workers").as_int64() == 2);

    SECTION("another configuration text is another key") {
        CHECK(checked_instance_key(plugin, instance(manifest, R"({"workers": 3})")) != key);
        CHECK(checked_instance_key(plugin, instance(manifest, R"({"workers": 2, "x": 1})")) != key);
    }
    SECTION("a manifest elsewhere resolves relative paths elsewhere: another key") {
        CHECK(checked_instance_key(plugin,
                                   instance(dir.file("sub/evo.toml"), R"({"workers": 2})")) != key);
    }
    SECTION("a plugin file touched is another key, and its entry is not found") {
        set_mtime(plugin, 600000);
        CHECK(checked_instance_key(plugin, inst) != key);
        identity_memo later(dir.file("identities.json"));
        CHECK_FALSE(find_checked_instance(later, key));
    }
}
