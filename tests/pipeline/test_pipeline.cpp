// The generation pipeline through real plugins: scripted test doubles for the model and a
// pattern validator, the real memory cache.
#include "scratch_dir.hpp"

#include <evo/host/call.hpp>
#include <evo/host/error.hpp>
#include <evo/host/pipeline.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;
using evo::host::generation_outcome;

struct workspace {
    evo::test::scratch_dir scratch;
    fs::path dir = scratch.path();
    // Adds the contracts validator (fixtures/contracts_validator.cpp) to the pipeline: the
    // command contracts evo evolve needs, declared by a test runner.
    bool contracts = false;

    // A manifest with the scripted provider, a pattern validator flagging "BAD", and a cache.
    std::unique_ptr<evo::host::runtime> compose(const std::string& pipeline_extra,
                                                const std::string& provider_config,
                                                const std::string& more = "",
                                                const std::string& validator_extra = "") const {
        std::ofstream(dir / "evo.toml")
            << "plugin_path = \"" FIXTURE_DIR "\"\n"
            << "[pipeline]\nprovider = \"model\"\nvalidators = [\"no-bad\""
            << (contracts ? ", \"contracts\"]\n" : "]\n") << "cache = \"memory\"\n"
            << pipeline_extra << "\n"
            << "[plugins.model]\nplugin = \"scripted\"\nlog = \"requests.jsonl\"\n"
            << provider_config << "\n"
            << "[plugins.no-bad]\nplugin = \"pattern\"\npattern = \"BAD\"\n"
            << validator_extra << "\n[plugins.contracts]\n[plugins.memory]\n"
            << more;
        return std::make_unique<evo::host::runtime>(evo::host::load_manifest(dir / "evo.toml"),
                                                    evo::host::locate_installation());
    }

    std::vector<boost::json::object> requests() const {
        std::vector<boost::json::object> out;
        std::ifstream in(dir / "requests.jsonl");
        for (std::string line; std::getline(in, line);)
            out.push_back(boost::json::parse(line).as_object());
        return out;
    }
};

evo::host::generation_result gen(evo::host::runtime& rt, bool cache = true,
                                 const std::string& language = "python") {
    evo::host::call_scope call;
    return evo::host::generate(rt, {"write f", language, cache}, call.raw());
}

} // namespace

TEST_CASE("code that passes is returned from the fenced block and cached", "[pipeline]") {
    workspace ws;
    auto rt = ws.compose(
        "", "answers = [\"" + std::string("Here:\\n```python\\ndef f():\\n    return 1\\n```\\n") +
                "\"]");
    auto first = gen(*rt);
    REQUIRE(first.outcome == generation_outcome::passed);
    CHECK(first.code == "def f():\n    return 1\n");
    CHECK_FALSE(first.cache_hit);
    auto second = gen(*rt);
    CHECK(second.cache_hit);
    CHECK(second.code == first.code);
    CHECK(ws.requests().size() == 1); // the hit never reached the provider
}

TEST_CASE("a failing layer with the repair policy re-asks with its findings", "[pipeline]") {
    workspace ws;
    auto rt = ws.compose("max_repairs = 2",
                         "answers = [\"```python\\nx = BAD\\n```\", \"```python\\nx = 1\\n```\"]");
    auto r = gen(*rt);
    REQUIRE(r.outcome == generation_outcome::passed);
    CHECK(r.attempts.size() == 2);
    CHECK(r.code == "x = 1\n");
    auto requests = ws.requests();
    REQUIRE(requests.size() == 2);
    auto& messages = requests[1].at("messages").as_array();
    REQUIRE(messages.size() == 4);
    CHECK(messages[2].at("role").as_string() == "assistant");
    std::string repair(messages[3].at("content").as_string());
    CHECK(repair.find("PATTERN") != std::string::npos);
    CHECK(repair.find("line 1") != std::string::npos);
}

TEST_CASE("repair stops early when the same findings repeat", "[pipeline]") {
    workspace ws;
    auto rt = ws.compose("max_repairs = 5", "answers = [\"```python\\nx = BAD\\n```\"]");
    auto r = gen(*rt);
    CHECK(r.outcome == generation_outcome::rejected);
    CHECK(r.attempts.size() == 2);   // the second identical failure ends it, not the fifth
    CHECK_FALSE(gen(*rt).cache_hit); // rejected code is never cached
}

TEST_CASE("the reject policy stops at the first failure; warn lets code through", "[pipeline]") {
    workspace ws;
    SECTION("reject") {
        auto rt = ws.compose("on_fail = \"reject\"",
                             "answers = [\"```python\\nBAD\\n```\", \"```python\\nok\\n```\"]");
        auto r = gen(*rt);
        CHECK(r.outcome == generation_outcome::rejected);
        CHECK(r.attempts.size() == 1);
    }
    SECTION("warn") {
        auto rt = ws.compose("on_fail = \"warn\"", "answers = [\"```python\\nBAD\\n```\"]");
        auto r = gen(*rt);
        CHECK(r.outcome == generation_outcome::passed);
        REQUIRE(r.findings.size() == 1);
        CHECK(r.findings[0].rule_id == "PATTERN");
    }
    SECTION("findings below fail_on do not fail") {
        auto rt = ws.compose("fail_on = \"medium\"", "answers = [\"```python\\nBAD\\n```\"]", "",
                             "severity = \"low\"");
        auto r = gen(*rt);
        CHECK(r.outcome == generation_outcome::passed);
        CHECK(r.findings.size() == 1);
    }
}

TEST_CASE("a host callback that throws ends the call with a status, not an exception", "[pipeline][abi]") {
    workspace ws;
    auto rt = ws.compose("", "answers = [\"```python\\nx = 1\\n```\"]");
    evo::host::call_scope call;
    auto result = rt->complete("model", call.raw(), "{}", [](std::string_view) -> bool {
        throw std::runtime_error("the receiver failed");
    });
    CHECK(result.status == EVO_ERR_STOPPED); // the plugin was told to stop and said so
}

TEST_CASE("a failing provider falls back to the next one", "[pipeline]") {
    workspace ws;
    std::ofstream(ws.dir / "evo.toml")
        << "plugin_path = \"" FIXTURE_DIR "\"\n"
        << "[pipeline]\nprovider = [\"down\", \"up\"]\n"
        << "allow_unvalidated = true\n" // no validators: the code is unvalidated
        << "[plugins.down]\nplugin = \"scripted\"\nanswers = [\"x\"]\nfail_first = 9\n"
        << "[plugins.up]\nplugin = \"scripted\"\nanswers = [\"```python\\nok = 1\\n```\"]\n";
    evo::host::runtime rt(evo::host::load_manifest(ws.dir / "evo.toml"),
                          evo::host::locate_installation());
    auto r = gen(rt);
    REQUIRE(r.outcome == generation_outcome::passed);
    CHECK(r.attempts.back().completion.provider == "up");
}

TEST_CASE("every provider failing is a provider failure with the reason", "[pipeline]") {
    workspace ws;
    auto rt = ws.compose("", "answers = [\"x\"]\nfail_first = 9");
    auto r = gen(*rt);
    CHECK(r.outcome == generation_outcome::provider_failed);
    CHECK(r.error.find("scripted outage") != std::string::npos);
}

TEST_CASE("truncated answers are failures and are not cached", "[pipeline]") {
    workspace ws;
    auto rt = ws.compose("", "answers = [\"```python\\nx = 1\\n```\"]\ntruncated = true");
    auto r = gen(*rt);
    CHECK(r.outcome == generation_outcome::provider_failed);
    CHECK(r.error.find("truncated") != std::string::npos);
}

TEST_CASE("the cache key covers the request and the validator set", "[pipeline][cache]") {
    workspace ws;
    auto rt = ws.compose("", "answers = [\"x\"]");
    auto request = evo::host::build_request(*rt, {"write f", "python", true});
    auto other = evo::host::build_request(*rt, {"write g", "python", true});
    CHECK(evo::host::cache_key(*rt, request) != evo::host::cache_key(*rt, other));

    workspace same;
    auto rt2 = same.compose("", "answers = [\"x\"]");
    CHECK(evo::host::cache_key(*rt2, request) == evo::host::cache_key(*rt, request));
    workspace stricter; // the same validator with another config: another key
    auto rt3 = stricter.compose("", "answers = [\"x\"]", "", "severity = \"medium\"");
    CHECK(evo::host::cache_key(*rt3, request) != evo::host::cache_key(*rt, request));
}

namespace {

std::string key_of(const evo::host::runtime& rt) {
    return evo::host::cache_key(rt, evo::host::build_request(rt, {"write f", "python", true}));
}

} // namespace

TEST_CASE("the cache key covers the providers' resolved configuration", "[pipeline][cache]") {
    workspace base, model, url, same;
    const std::string answers = "answers = [\"x\"]\n";
    const std::string plain = key_of(*base.compose("", answers));
    CHECK(key_of(*same.compose("", answers)) == plain);
    CHECK(key_of(*model.compose("", answers + "model = \"bigger\"")) != plain);
    CHECK(key_of(*url.compose("", answers + "base_url = \"http://127.0.0.1:9/v1\"")) != plain);
}

TEST_CASE("the cache key covers providers a validator may consult", "[pipeline][cache]") {
    auto with_judge = [](workspace& ws, const char* model) {
        return key_of(*ws.compose("", "answers = [\"x\"]", "",
                                  std::string("\n[plugins.judge]\nplugin = \"scripted\"\n") +
                                      "answers = [\"SAFE\"]\nmodel = \"" + model + "\"\n"));
    };
    workspace one, same, other;
    const std::string small = with_judge(one, "small");
    CHECK(with_judge(same, "small") == small);
    CHECK(with_judge(other, "large") != small);
}

TEST_CASE("the cache key covers the contents of files a configuration names", "[pipeline][cache]") {
    auto with_pattern_file = [](workspace& ws, const std::string& content) {
        std::ofstream(ws.dir / "patterns.txt") << content;
        return ws.compose("", "answers = [\"x\"]", "", "pattern_file = \"patterns.txt\"");
    };
    workspace one, two, edited;
    const std::string first = key_of(*with_pattern_file(one, "TODO\n"));
    SECTION("the same content in another directory: the same key") {
        CHECK(key_of(*with_pattern_file(two, "TODO\n")) == first);
    }
    SECTION("other content: another key") {
        CHECK(key_of(*with_pattern_file(two, "FIXME\n")) != first);
    }
    SECTION("an edit of the file: another key") {
        std::ofstream(one.dir / "patterns.txt") << "FIXME\n";
        CHECK(key_of(*one.compose("", "answers = [\"x\"]", "", "pattern_file = \"patterns.txt\"")) != first);
    }
}

TEST_CASE("the cache key covers the versions of the tools validators run", "[pipeline][cache]") {
    auto with_tool = [](workspace& ws, const char* version) {
        ::setenv("EVO_TEST_TOOL_VERSION", version, 1);
        auto rt = ws.compose("", "answers = [\"x\"]");
        std::string key = key_of(*rt); // identity() is asked once, when the first key is made
        ::unsetenv("EVO_TEST_TOOL_VERSION");
        return key;
    };
    workspace a, b, c;
    const std::string old_tool = with_tool(a, "tool 1.0");
    CHECK(with_tool(b, "tool 1.0") == old_tool);
    CHECK(with_tool(c, "tool 2.0") != old_tool);
}

TEST_CASE("temperature above zero bypasses the cache unless the manifest opts in",
          "[pipeline][cache]") {
    workspace ws;
    auto rt =
        ws.compose("", "answers = [\"```python\\nx = 1\\n```\"]", "[request]\ntemperature = 0.7\n");
    gen(*rt);
    CHECK_FALSE(gen(*rt).cache_hit);
    CHECK(ws.requests().size() == 2);

    workspace opted;
    auto rt2 =
        opted.compose("cache_nonzero_temperature = true", "answers = [\"```python\\nx = 1\\n```\"]",
                      "[request]\ntemperature = 0.7\n");
    gen(*rt2);
    CHECK(gen(*rt2).cache_hit);
}

TEST_CASE("code in a language no validator judges is unvalidated, never passed nor cached",
          "[pipeline]") {
    workspace ws; // the pattern validator judges python and shell only
    const std::string answer = "answers = [\"```javascript\\nconsole.log(1)\\n```\"]";
    SECTION("refused by default") {
        auto rt = ws.compose("", answer);
        auto r = gen(*rt, true, "javascript");
        CHECK(r.outcome == generation_outcome::unvalidated);
        CHECK(r.unvalidated);
        CHECK(r.attempts.size() == 1); // no repair: there are no findings to repair
        CHECK_FALSE(gen(*rt, true, "javascript").cache_hit);
        CHECK(ws.requests().size() == 2);
    }
    SECTION("accepted under allow_unvalidated, still not cached") {
        auto rt = ws.compose("allow_unvalidated = true", answer);
        auto r = gen(*rt, true, "javascript");
        CHECK(r.outcome == generation_outcome::passed);
        CHECK(r.unvalidated);
        CHECK(r.code == "console.log(1)\n");
        CHECK_FALSE(gen(*rt, true, "javascript").cache_hit);
    }
}

namespace {

evo::host::generation_result evolve(evo::host::runtime& rt, const std::string& language = "python") {
    evo::host::call_scope call;
    evo::host::generation_request req{"turn lines into slugs", language, true, evo::host::command_contract{"slug"}};
    return evo::host::generate(rt, req, call.raw());
}

} // namespace

TEST_CASE("a command's request carries its contract, and its answer gives the program and its tests",
          "[pipeline][evolve]") {
    workspace ws;
    ws.contracts = true;
    auto rt = ws.compose("", "answers = [\"```python\\nprint(1)\\n```\\nTests:\\n```python\\ndef test_one():\\n"
                             "    assert True\\n```\\n\"]");
    auto r = evolve(*rt);
    REQUIRE(r.outcome == generation_outcome::passed);
    CHECK(r.code == "print(1)\n");
    CHECK(r.tests == "def test_one():\n    assert True\n");
    CHECK_FALSE(r.tests_run); // the pattern validator judges the code but runs no tests

    auto sent = ws.requests();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].at("contract").at("command").as_string() == "slug");
    const auto& messages = sent[0].at("messages").as_array();
    const std::string system(messages[0].at("content").as_string());
    // The contract as the test runner declared it, not as the host would guess it.
    CHECK(system.find("saved as prog.py and run as `python3 prog.py ARGS...`") !=
          std::string::npos);
    CHECK(
        system.find("then its tests (prog_test.py): a module prog_test.py of test_* functions.") !=
        std::string::npos);
    CHECK(system.find("command.py") == std::string::npos);
    CHECK(messages[1].at("content").as_string() == "turn lines into slugs"); // the description, verbatim

    auto hit = evolve(*rt); // the cache keeps the tests with the code
    CHECK(hit.cache_hit);
    CHECK(hit.tests == r.tests);
    CHECK(gen(*rt).cache_hit == false); // the same words without the contract are another request
}

TEST_CASE("a command's answer without tests is repaired like any failure, asking for both blocks",
          "[pipeline][evolve]") {
    workspace ws;
    ws.contracts = true;
    auto rt = ws.compose("max_repairs = 1",
                         "answers = [\"```sh\\necho hi\\n```\\n\", \"```sh\\necho hi\\n```\\n```sh\\n"
                         "[ \\\"$(bash command.sh)\\\" = hi ]\\n```\\n\"]");
    auto r = evolve(*rt, "shell");
    REQUIRE(r.outcome == generation_outcome::passed);
    REQUIRE(r.attempts.size() == 2);
    REQUIRE(r.attempts[0].findings.size() == 1);
    CHECK(r.attempts[0].findings[0].rule_id == "EVO-NO-TESTS");
    CHECK(r.attempts[0].findings[0].layer == "evolve");
    CHECK(r.tests == "[ \"$(bash command.sh)\" = hi ]\n");
    auto sent = ws.requests();
    REQUIRE(sent.size() == 2);
    const std::string repair(sent[1].at("messages").as_array().back().at("content").as_string());
    CHECK(repair.find("[evolve EVO-NO-TESTS]") != std::string::npos);
    CHECK(repair.find("give prog_test.sh as a second fenced block") != std::string::npos);
    CHECK(repair.find("two fenced blocks") != std::string::npos);
}

TEST_CASE("commands are evolved only in the languages a test runner declares a contract for",
          "[pipeline][evolve]") {
    workspace ws;
    auto request = [](const std::string& language) {
        return evo::host::generation_request{"x", language, true, evo::host::command_contract{"x"}};
    };
    SECTION("a language nothing declares a contract for") {
        ws.contracts = true;
        auto rt = ws.compose("", "answers = [\"x\"]");
        CHECK(rt->command_language("cpp") == nullptr);
        CHECK_THROWS_WITH(evo::host::build_request(*rt, request("cpp")),
                          Catch::Contains("declares a command contract for 'cpp'") &&
                              Catch::Contains("they can be in: python, shell, tinylang"));
    }
    SECTION("no validator that runs tests: no contract at all") {
        auto rt = ws.compose("", "answers = [\"x\"]"); // the pattern validator only
        CHECK(rt->command_language("python") == nullptr);
        CHECK_THROWS_AS(evo::host::build_request(*rt, request("python")), evo::host::config_error);
    }
}

TEST_CASE("a language only a plugin knows gets commands by the contract it declares",
          "[pipeline][evolve]") {
    workspace ws;
    ws.contracts = true;
    auto rt = ws.compose("allow_unvalidated = true", // nothing judges tinylang
                         "answers = [\"```tiny\\nrun\\n```\\n```tiny\\ncheck\\n```\\n\"]");
    const auto* contract = rt->command_language("tiny"); // by its alias too
    REQUIRE(contract != nullptr);
    CHECK(contract->language == "tinylang");
    CHECK(contract->file == "main.tiny");
    CHECK(contract->runner == "tinyrun");

    auto r = evolve(*rt, "tiny");
    REQUIRE(r.outcome == generation_outcome::passed);
    CHECK(r.unvalidated);
    CHECK(r.language == "tinylang");
    CHECK(r.code == "run\n");
    CHECK(r.tests == "check\n");
    auto sent = ws.requests();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].at("language").as_string() == "tinylang");
    const std::string system(sent[0].at("messages").as_array()[0].at("content").as_string());
    CHECK(system.find("You write command-line programs in tinylang.") != std::string::npos);
    CHECK(system.find("saved as main.tiny and run as `tinyrun main.tiny ARGS...`") !=
          std::string::npos);
    CHECK(system.find(
              "then its tests (main_test.tiny): a file main_test.tiny of tiny checks, one per "
              "line.") != std::string::npos);
}
