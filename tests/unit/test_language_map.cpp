// The host's language map: built only from what validators declare.
#include <evo/host/language_map.hpp>

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using evo::host::declared_languages;
using evo::host::language_map;
using evo::host::shebang_program;

namespace {

evo_validator_api table_of(const char* languages, const evo_language* const* table,
                           uint32_t count) {
    evo_validator_api api{};
    api.struct_size = sizeof api;
    api.languages = languages;
    api.language_table = table;
    api.language_count = count;
    return api;
}

language_map python_and_shell() {
    const evo_language python{sizeof(evo_language),
                              "python",
                              "py,Python3",
                              ".py,.pyw",
                              "python",
                              nullptr,
                              nullptr,
                              nullptr,
                              nullptr};
    const evo_language shell{sizeof(evo_language),
                             "shell",
                             "sh,bash",
                             ".sh",
                             "sh,bash,dash",
                             nullptr,
                             nullptr,
                             nullptr,
                             nullptr};
    const evo_language* table[] = {&python, &shell};
    language_map map;
    map.add(declared_languages(table_of("python,shell", table, 2)));
    return map;
}

} // namespace

TEST_CASE("names and aliases come from the declarations, ignoring case", "[languages]") {
    language_map map = python_and_shell();
    CHECK(map.canonical("Python") == "python");
    CHECK(map.canonical("py") == "python");
    CHECK(map.canonical("python3") == "python");
    CHECK(map.canonical("BASH") == "shell");
    CHECK(map.canonical("rust") == "rust"); // unknown: itself, lowercased, never another language
    CHECK(language_map{}.canonical("py") == "py");
}

TEST_CASE("extensions map to the language that declared them", "[languages]") {
    language_map map = python_and_shell();
    CHECK(map.of_extension(".py") == "python");
    CHECK(map.of_extension(".pyw") == "python");
    CHECK(map.of_extension(".sh") == "shell");
    CHECK(map.of_extension(".go").empty());
}

TEST_CASE("a shebang names its interpreter, directly or through env", "[languages]") {
    language_map map = python_and_shell();
    CHECK(map.of_shebang("#!/usr/bin/python3.11 -u") == "python");
    CHECK(map.of_shebang("#!/usr/bin/env python3") == "python");
    CHECK(map.of_shebang("#!/usr/bin/env -S PYTHONPATH=x python -u") == "python");
    CHECK(map.of_shebang("#! /bin/dash") == "shell");
    CHECK(map.of_shebang("#!/bin/sh\r") == "shell");
    CHECK(map.of_shebang("#!/usr/bin/env node").empty());
    CHECK(map.of_shebang("# not a shebang python").empty());
    CHECK(shebang_program("#!/usr/bin/env") == "");
}

TEST_CASE("a JavaScript validator needs no change to the host", "[languages]") {
    const evo_language js{sizeof(evo_language),
                          "javascript",
                          "js",
                          ".js,.mjs",
                          "node",
                          nullptr,
                          nullptr,
                          nullptr,
                          nullptr};
    const evo_language* table[] = {&js};
    language_map map;
    map.add(declared_languages(table_of("javascript", table, 1)));
    CHECK(map.canonical("JS") == "javascript");
    CHECK(map.of_extension(".mjs") == "javascript");
    CHECK(map.of_shebang("#!/usr/bin/env node") == "javascript");
}

TEST_CASE("the first validator to claim an extension keeps it", "[languages]") {
    const evo_language c{
        sizeof(evo_language), "c", nullptr, ".c,.h", nullptr, nullptr, nullptr, nullptr, nullptr};
    const evo_language cpp{
        sizeof(evo_language), "cpp", "c", ".cpp,.h", nullptr, nullptr, nullptr, nullptr, nullptr};
    const evo_language* first[] = {&c};
    const evo_language* second[] = {&cpp};
    language_map map;
    map.add(declared_languages(table_of("c", first, 1)));
    map.add(declared_languages(table_of("cpp", second, 1)));
    CHECK(map.of_extension(".h") == "c");
    CHECK(map.of_extension(".cpp") == "cpp");
    CHECK(map.canonical("c") == "c"); // another's alias never takes a canonical name
}

TEST_CASE("a v1.0 validator is known by its names alone", "[languages]") {
    evo_validator_api api{};
    api.struct_size = offsetof(evo_validator_api, language_table); // as a 1.0 plugin declares it
    api.languages = "python, shell";
    auto languages = declared_languages(api);
    REQUIRE(languages.size() == 2);
    CHECK(languages[0].name == "python");
    CHECK(languages[1].name == "shell");
    CHECK(languages[1].extensions.empty());
}

TEST_CASE("declarations that cannot be used are refused with the reason", "[languages]") {
    SECTION("no language at all") {
        CHECK_THROWS_WITH(declared_languages(table_of("", nullptr, 0)),
                          "declares no language (evo_validator_api.languages is empty)");
        CHECK_THROWS_WITH(declared_languages(table_of(nullptr, nullptr, 0)),
                          "declares no language (evo_validator_api.languages is empty)");
    }
    SECTION("a table entry for a language it does not judge") {
        const evo_language go{sizeof(evo_language),
                              "go",
                              nullptr,
                              ".go",
                              nullptr,
                              nullptr,
                              nullptr,
                              nullptr,
                              nullptr};
        const evo_language* table[] = {&go};
        CHECK_THROWS_WITH(
            declared_languages(table_of("python", table, 1)),
            "declares 'go' in language_table[0], which its languages 'python' do not name");
    }
    SECTION("a truncated or empty entry") {
        evo_language tiny{4,       "python", nullptr, nullptr, nullptr,
                          nullptr, nullptr,  nullptr, nullptr};
        const evo_language* table[] = {&tiny, nullptr};
        CHECK_THROWS_WITH(
            declared_languages(table_of("python", table, 1)),
            "has a language_table[0] too small to hold a name (struct_size 4, needs 16)");
        table[0] = nullptr;
        CHECK_THROWS_WITH(declared_languages(table_of("python", table, 1)),
                          "has a NULL language_table[0]");
    }
}

namespace {

// A language with a command contract, as a test-running validator declares it (since 1.2).
evo_language with_contract(const char* name, const char* file, const char* tests,
                           const char* runner, const char* words) {
    return {sizeof(evo_language), name, nullptr, nullptr, nullptr, file, tests, runner, words};
}

} // namespace

TEST_CASE("language map: command contracts come from validators that run tests, the first kept",
          "[language]") {
    const evo_language tiny =
        with_contract("tinylang", "main.tiny", "main_test.tiny", "tiny", "tiny checks");
    const evo_language other =
        with_contract("tinylang", "other.tiny", "other_test.tiny", "tiny2", "other checks");
    const evo_language* first[] = {&tiny};
    const evo_language* second[] = {&other};
    const auto declared = declared_languages(table_of("tinylang", first, 1));
    REQUIRE(declared.size() == 1);
    REQUIRE(declared[0].command);
    CHECK(declared[0].command->file == "main.tiny");

    SECTION("a validator that runs no tests declares nothing that counts") {
        language_map map;
        map.add(declared, false);
        CHECK(map.command("tinylang") == nullptr);
        CHECK(map.command_languages().empty());
    }
    SECTION("the first test runner to declare a language's contract decides it") {
        language_map map;
        map.add(declared, true);
        map.add(declared_languages(table_of("tinylang", second, 1)), true);
        const auto* c = map.command("TinyLang");
        REQUIRE(c != nullptr);
        CHECK(c->language == "tinylang");
        CHECK(c->file == "main.tiny");
        CHECK(c->test_file == "main_test.tiny");
        CHECK(c->runner == "tiny");
        CHECK(c->test_instructions == "tiny checks");
        CHECK(map.command_languages() == std::vector<std::string>{"tinylang"});
        CHECK(map.command("python") == nullptr);
        CHECK(map.of_extension(".tiny").empty()); // a contract alone recognises no files
    }
}

TEST_CASE("language map: a command contract is all four fields, with plain file names",
          "[language]") {
    SECTION("incomplete") {
        const evo_language half = with_contract("tinylang", "main.tiny", "", "tiny", nullptr);
        const evo_language* table[] = {&half};
        CHECK_THROWS_WITH(declared_languages(table_of("tinylang", table, 1)),
                          "declares an incomplete command contract in language_table[0] "
                          "('tinylang'): command_file, test_file, runner and test_instructions go "
                          "together");
    }
    SECTION("a path for a file name") {
        const evo_language path =
            with_contract("tinylang", "../main.tiny", "main_test.tiny", "tiny", "checks");
        const evo_language* table[] = {&path};
        CHECK_THROWS_WITH(declared_languages(table_of("tinylang", table, 1)),
                          "declares '../main.tiny' in language_table[0] ('tinylang'), which is "
                          "not a plain file name");
    }
    SECTION("the same file twice") {
        const evo_language same = with_contract("tinylang", "a.tiny", "a.tiny", "tiny", "checks");
        const evo_language* table[] = {&same};
        CHECK_THROWS_WITH(declared_languages(table_of("tinylang", table, 1)),
                          "declares the same command_file and test_file in language_table[0] "
                          "('tinylang')");
    }
}

TEST_CASE("language map: a 1.1 entry (40 bytes) is read no further than it goes", "[language]") {
    // What lies beyond a 1.1 plugin's entry is not its: it must never read as a contract.
    evo_language entry =
        with_contract("tinylang", "main.tiny", "main_test.tiny", "tiny", "tiny checks");
    entry.struct_size = 40;
    const evo_language* table[] = {&entry};
    const auto declared = declared_languages(table_of("tinylang", table, 1));
    REQUIRE(declared.size() == 1);
    CHECK_FALSE(declared[0].command);
}
