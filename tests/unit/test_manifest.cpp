// The TOML manifest: parsing, environment expansion, positions, pipeline and instances.
#include <evo/host/manifest.hpp>

#include "scratch_dir.hpp"

#include <boost/json.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>

namespace json = boost::json;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
using evo::host::config_error;
using evo::host::expand_environment;
using evo::host::load_manifest;
using evo::host::on_fail_policy;
using evo::test::scratch_dir;

namespace {

// Sets an environment variable for one scope, restoring the old value after.
class scoped_env {
  public:
    scoped_env(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value)
            setenv(name, value->c_str(), 1);
        else
            unsetenv(name);
    }
    ~scoped_env() {
        if (old_)
            setenv(name_, old_->c_str(), 1);
        else
            unsetenv(name_);
    }
    scoped_env(const scoped_env&) = delete;
    scoped_env& operator=(const scoped_env&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};

// The message of the config_error that loading `text` throws.
std::string load_error(const scratch_dir& dir, const std::string& text) {
    auto file = dir.write("evo.toml", text);
    try {
        load_manifest(file);
    } catch (const config_error& e) {
        return e.what();
    }
    FAIL("the manifest loaded");
    return {};
}

} // namespace

TEST_CASE("${VAR} expands from the environment", "[manifest]") {
    scoped_env word("EVO_UNIT_WORD", "value");
    CHECK(expand_environment("a ${EVO_UNIT_WORD} b") == "a value b");
    CHECK(expand_environment("${EVO_UNIT_WORD}${EVO_UNIT_WORD}") == "valuevalue");
    CHECK(expand_environment("no variables, $EVO_UNIT_WORD stays") ==
          "no variables, $EVO_UNIT_WORD stays");
}

TEST_CASE("${VAR:-default} falls back when VAR is unset or empty", "[manifest]") {
    scoped_env unset("EVO_UNIT_UNSET", std::nullopt);
    CHECK(expand_environment("${EVO_UNIT_UNSET:-fallback}") == "fallback");
    CHECK(expand_environment("${EVO_UNIT_UNSET:-}") == "");
    CHECK(expand_environment("${EVO_UNIT_UNSET:-http://localhost:8080}") ==
          "http://localhost:8080");
    scoped_env empty("EVO_UNIT_EMPTY", "");
    CHECK(expand_environment("${EVO_UNIT_EMPTY:-fallback}") == "fallback");
    scoped_env set("EVO_UNIT_SET", "mine");
    CHECK(expand_environment("${EVO_UNIT_SET:-fallback}") == "mine");
}

TEST_CASE("an unset ${VAR} without default and a malformed reference are errors", "[manifest]") {
    scoped_env unset("EVO_UNIT_UNSET", std::nullopt);
    CHECK_THROWS_WITH(expand_environment("${EVO_UNIT_UNSET}"),
                      "environment variable EVO_UNIT_UNSET is not set");
    CHECK_THROWS_AS(expand_environment("${EVO_UNIT_UNSET"), std::invalid_argument);
    CHECK_THROWS_AS(expand_environment("${}"), std::invalid_argument);
}

TEST_CASE("the pipeline reads providers, validators, cache, scheduler and policies", "[manifest]") {
    scratch_dir dir;
    auto file = dir.write("evo.toml", R"([pipeline]
provider = ["local", "backup"]
validators = ["syntax", "security"]
cache = "memory"
scheduler = "pool"
on_fail = "warn"
max_repairs = 5
fail_on = "high"
cache_nonzero_temperature = true
allow_unvalidated = true
parallel_validators = true
[request]
model = "m"
language = "shell"
max_tokens = 99
temperature = 0.5
[plugins.local]
[plugins.backup]
[plugins.syntax]
[plugins.security]
[plugins.memory]
[plugins.pool]
)");
    auto m = load_manifest(file);
    CHECK(m.file == file);
    CHECK(m.pipeline.providers == std::vector<std::string>{"local", "backup"});
    CHECK(m.pipeline.validators == std::vector<std::string>{"syntax", "security"});
    CHECK(m.pipeline.cache == std::vector<std::string>{"memory"});
    CHECK(m.pipeline.scheduler == "pool");
    CHECK(m.pipeline.on_fail == on_fail_policy::warn);
    CHECK(m.pipeline.max_repairs == 5);
    CHECK(m.pipeline.fail_on == EVO_SEVERITY_HIGH);
    CHECK(m.pipeline.cache_nonzero_temperature);
    CHECK(m.pipeline.allow_unvalidated);
    CHECK(m.pipeline.parallel_validators);
    CHECK(m.request.model == "m");
    CHECK(m.request.language == "shell");
    CHECK(m.request.max_tokens == 99);
    CHECK(m.request.temperature == 0.5);
    CHECK(m.instances.size() == 6);
}

TEST_CASE("a single provider is a fallback list of one, and defaults apply", "[manifest]") {
    scratch_dir dir;
    auto m =
        load_manifest(dir.write("evo.toml", "[pipeline]\nprovider = \"only\"\n[plugins.only]\n"));
    CHECK(m.pipeline.providers == std::vector<std::string>{"only"});
    CHECK(m.pipeline.validators.empty());
    CHECK(m.pipeline.cache.empty());
    CHECK(m.pipeline.on_fail == on_fail_policy::repair);
    CHECK(m.pipeline.fail_on == EVO_SEVERITY_MEDIUM);
    CHECK_FALSE(m.pipeline.allow_unvalidated); // fail closed unless asked
    CHECK_FALSE(m.pipeline.parallel_validators);
}

TEST_CASE("cache takes one instance or an array of layers, front first", "[manifest]") {
    scratch_dir dir;
    auto m = load_manifest(dir.write("evo.toml", "[pipeline]\ncache = [\"front\", \"back\"]\n"
                                                 "[plugins.back]\n[plugins.front]\n"));
    CHECK(m.pipeline.cache == std::vector<std::string>{"front", "back"});
}

TEST_CASE("cache layers: an empty array, a layer named twice, an unknown one, a number",
          "[manifest]") {
    scratch_dir dir;
    const std::string file = (dir.path() / "evo.toml").string();
    CHECK_THAT(load_error(dir, "[pipeline]\ncache = []\n"),
               Equals(file + ":2:9: 'cache' must name at least one cache instance"));
    CHECK_THAT(
        load_error(dir, "[pipeline]\ncache = [\"a\", \"b\", \"a\"]\n[plugins.a]\n[plugins.b]\n"),
        Equals(file + ":2:20: 'cache' names 'a' twice"));
    CHECK_THAT(load_error(dir, "[pipeline]\ncache = [\"a\", \"gone\"]\n[plugins.a]\n"),
               Equals(file + ":2:15: [pipeline] cache: unknown plugin instance 'gone' (no "
                             "[plugins.gone] table)"));
    CHECK_THAT(load_error(dir, "[pipeline]\ncache = 3\n"),
               Equals(file + ":2:9: 'cache' must be a string or an array of strings, got integer"));
    CHECK_THAT(load_error(dir, "[pipeline]\ncache = [\"a\", 3]\n[plugins.a]\n"),
               Equals(file + ":2:15: 'cache' must be a string, got integer"));
}

TEST_CASE("allow_unvalidated is a boolean", "[manifest]") {
    scratch_dir dir;
    CHECK_THAT(load_error(dir, "[pipeline]\nallow_unvalidated = \"yes\"\n"),
               Equals((dir.path() / "evo.toml").string() +
                      ":2:21: 'allow_unvalidated' must be a boolean, got string"));
}

TEST_CASE("parallel_validators is a boolean", "[manifest]") {
    scratch_dir dir;
    CHECK_THAT(load_error(dir, "[pipeline]\nparallel_validators = 1\n"),
               Equals((dir.path() / "evo.toml").string() +
                      ":2:23: 'parallel_validators' must be a boolean, got integer"));
}

TEST_CASE("on_fail and fail_on accept only their words", "[manifest]") {
    scratch_dir dir;
    CHECK_THAT(load_error(dir, "[pipeline]\non_fail = \"ignore\"\n"),
               Equals((dir.path() / "evo.toml").string() +
                      ":2:11: 'on_fail' must be \"reject\", \"repair\" or \"warn\""));
    CHECK_THAT(load_error(dir, "[pipeline]\nfail_on = \"critical\"\n"),
               StartsWith((dir.path() / "evo.toml").string() + ":2:11: 'fail_on' must be"));
}

TEST_CASE("a [plugins.ID] table becomes an instance with a JSON config", "[manifest]") {
    scratch_dir dir;
    scoped_env model("EVO_UNIT_MODEL", "big");
    auto m = load_manifest(dir.write("evo.toml", R"([plugins.writer]
on_fail = "reject"
model = "${EVO_UNIT_MODEL}"
url = "${EVO_UNIT_UNSET_URL:-http://127.0.0.1:8080}"
retries = 3
ratio = 0.25
stream = true
stops = ["a", "b"]
[plugins.writer.limits]
tokens = 10
)"));
    REQUIRE(m.instances.size() == 1);
    const auto& writer = m.instances.front();
    CHECK(writer.id == "writer");
    CHECK(writer.plugin == "writer");
    CHECK(writer.on_fail == on_fail_policy::reject);
    CHECK(writer.config ==
          json::parse(R"({"model": "big", "url": "http://127.0.0.1:8080", "retries": 3,
        "ratio": 0.25, "stream": true, "stops": ["a", "b"], "limits": {"tokens": 10}})")
              .as_object());
}

TEST_CASE("plugin = NAME lets one plugin serve twice with two configurations", "[manifest]") {
    scratch_dir dir;
    auto m = load_manifest(dir.write("evo.toml", R"([plugins.strict]
plugin = "checker"
level = "high"
[plugins.lenient]
plugin = "checker"
level = "low"
)"));
    REQUIRE(m.instances.size() == 2);
    CHECK(m.find("strict")->plugin == "checker");
    CHECK(m.find("lenient")->plugin == "checker");
    CHECK(m.find("strict")->config == json::object{{"level", "high"}});
    CHECK(m.find("lenient")->config == json::object{{"level", "low"}});
    CHECK(m.find("absent") == nullptr);
}

TEST_CASE("every config value remembers where it was written", "[manifest]") {
    scratch_dir dir;
    auto file = dir.write("evo.toml", R"(# comment
[plugins.p]
name = "x"
list = [1,
        2]
[plugins.p.sub]
inner = true
)");
    auto m = load_manifest(file);
    const auto& p = m.instances.front();
    CHECK(p.where.str() == file.string() + ":2:10");
    CHECK(p.location_of({"name"}).str() == file.string() + ":3:8");
    CHECK(p.location_of({"list", "1"}).str() == file.string() + ":5:9");
    CHECK(p.location_of({"sub", "inner"}).str() == file.string() + ":7:9");
    // A key that was never written is reported at its nearest written ancestor.
    CHECK(p.location_of({"sub", "missing"}).line == 6);
    CHECK(p.location_of({"missing"}).str() == p.where.str());
}

TEST_CASE("plugin_path entries resolve against the manifest's directory", "[manifest]") {
    scratch_dir dir;
    auto m = load_manifest(
        dir.write("conf/evo.toml", "plugin_path = [\"plugins\", \"../shared\", \"/abs\"]\n"));
    CHECK(m.plugin_path == std::vector<std::filesystem::path>{dir.path() / "conf/plugins",
                                                              dir.path() / "shared", "/abs"});
}

TEST_CASE("manifest errors name file:line:col and what is wrong", "[manifest]") {
    scratch_dir dir;
    const std::string file = (dir.path() / "evo.toml").string();
    CHECK_THAT(load_error(dir, "[pipeline]\nvalidators = [\"missing\"]\n"),
               Equals(file + ":2:15: [pipeline] validators: unknown plugin instance 'missing' (no "
                             "[plugins.missing] table)"));
    CHECK_THAT(load_error(dir, "\nsurprise = 1\n"), Equals(file + ":2:1: unknown key 'surprise'"));
    CHECK_THAT(load_error(dir, "[request]\ntemperature = \"hot\"\n"),
               Equals(file + ":2:15: 'temperature' must be a number, got string"));
    CHECK_THAT(load_error(dir, "plugins = 3\n"), Equals(file + ":1:11: [plugins] must be a table"));
    CHECK_THAT(load_error(dir, "a = = 1\n"), StartsWith(file + ":1:5: TOML syntax error: "));
}

TEST_CASE("the default manifest is looked for in XDG_CONFIG_HOME, then the installation",
          "[manifest]") {
    scratch_dir dir;
    auto data_dir = dir.path() / "share";
    auto shipped = dir.write("share/manifests/default.toml", "");
    scoped_env xdg("XDG_CONFIG_HOME", (dir.path() / "config").string());
    CHECK(evo::host::default_manifest_path(data_dir) == shipped);
    auto personal = dir.write("config/evo/manifest.toml", "");
    CHECK(evo::host::default_manifest_path(data_dir) == personal);
}
