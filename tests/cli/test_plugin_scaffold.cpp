// evo plugins new KIND NAME [DIR] through the real binary: the project's files, filled in for
// the name and kind, written all at once into a new or empty directory; bad input is one line
// and writes nothing. That each project builds against an installed evo and passes its own
// tests is tests/install/plugin_scaffold.sh.
#include "cli_assertions.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

namespace fs = std::filesystem;

const std::set<std::string> project_files{".gitignore",       "CMakeLists.txt", "README.md",
                                          "evo.example.toml", "plugin.cpp",     "test_plugin.cpp"};

struct workspace {
    scratch_dir dir;
    run_result evo(const std::vector<std::string>& args, const fs::path& cwd = {}) const {
        run_options o;
        o.cwd = cwd.empty() ? dir.path() : cwd;
        return run_evo(args, o);
    }
};

std::set<std::string> names_in(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir))
        names.insert(entry.path().filename().string());
    return names;
}

// Whether `text` still holds a template placeholder: @, capitals, digits or '_', @.
bool has_placeholder(const std::string& text) {
    for (auto at = text.find('@'); at != std::string::npos; at = text.find('@', at + 1)) {
        auto end = at + 1;
        while (end < text.size() &&
               (std::isupper(static_cast<unsigned char>(text[end])) ||
                std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '_'))
            ++end;
        if (end > at + 1 && end < text.size() && text[end] == '@') return true;
    }
    return false;
}

std::string text_of(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream all;
    all << in.rdbuf();
    return all.str();
}

} // namespace

TEST_CASE("evo plugins new: a project for each kind, filled in for its name",
          "[cli][plugins][scaffold]") {
    const auto [kind, macro] =
        GENERATE(table<std::string, std::string>({{"provider", "EVO_PROVIDER_PLUGIN"},
                                                  {"validator", "EVO_VALIDATOR_PLUGIN"},
                                                  {"cache", "EVO_CACHE_PLUGIN"},
                                                  {"scheduler", "EVO_SCHEDULER_PLUGIN"}}));
    workspace ws;
    auto made = ws.evo({"plugins", "new", kind, "my-check-2"});
    INFO(kind << ": " << made.err);
    REQUIRE(made.exit_code == 0);
    const fs::path project = ws.dir.path() / "my-check-2";
    CHECK_THAT(made.out,
               StartsWith("wrote " + project.string() + ": the " + kind + " plugin my-check-2 ("));
    CHECK_THAT(made.out, Contains("next: cd " + project.string() + " && cmake -B build"));
    REQUIRE(names_in(project) == project_files); // and no staging directory beside it
    CHECK(names_in(ws.dir.path()) == std::set<std::string>{"my-check-2"});

    for (const auto& name : project_files) {
        INFO(name);
        CHECK_FALSE(has_placeholder(text_of(project / name)));
    }
    const std::string cmake = text_of(project / "CMakeLists.txt");
    CHECK_THAT(cmake, Contains("find_package(evo "));
    CHECK_THAT(cmake, Contains("evo_add_plugin(my-check-2 SOURCES plugin.cpp)"));
    CHECK_THAT(cmake, Contains("target_link_libraries(test-my-check-2 PRIVATE evo::testhost)"));
    CHECK_THAT(cmake, Contains("plugins inspect $<TARGET_FILE:evo-plugin-my-check-2>"));
    const std::string plugin = text_of(project / "plugin.cpp");
    CHECK_THAT(plugin, Contains("class my_check_2 final : public evo::" + kind));
    CHECK_THAT(plugin, Contains(macro + "(my_check_2)"));
    CHECK_THAT(plugin, Contains("\"my-check-2\", \"0.1.0\""));
    CHECK_THAT(text_of(project / "test_plugin.cpp"),
               Contains("EVO_KIND_" + macro.substr(4, macro.size() - 11)));
    CHECK_THAT(text_of(project / "evo.example.toml"), Contains("\"my-check-2\""));
    CHECK_THAT(text_of(project / "README.md"),
               Contains("evo plugins install build/evo-my-check-2.so"));
    CHECK(text_of(project / ".gitignore") == "/build/\n");
}

TEST_CASE("evo plugins new: DIR, an empty directory and --json", "[cli][plugins][scaffold]") {
    workspace ws;
    SECTION("a DIR whose parents do not exist yet, with a trailing slash") {
        auto made = ws.evo({"plugins", "new", "cache", "store", "deep/er/store-plugin/"});
        INFO(made.err);
        REQUIRE(made.exit_code == 0);
        CHECK(names_in(ws.dir.path() / "deep/er/store-plugin") == project_files);
        CHECK(names_in(ws.dir.path() / "deep/er") == std::set<std::string>{"store-plugin"});
    }
    SECTION("the current directory, when it is empty; --json names what was written") {
        const fs::path here = ws.dir.path() / "here";
        fs::create_directory(here);
        auto made = ws.evo({"plugins", "new", "--json", "scheduler", "fifo", "."}, here);
        INFO(made.err);
        REQUIRE(made.exit_code == 0);
        const auto result = json_object(made.out);
        CHECK(result.at("dir").as_string() == here.string());
        CHECK(result.at("kind").as_string() == "scheduler");
        CHECK(result.at("name").as_string() == "fifo");
        std::set<std::string> listed;
        for (const auto& f : result.at("files").as_array())
            listed.insert(std::string(f.as_string()));
        CHECK(listed == project_files);
        CHECK(names_in(here) == project_files);
    }
}

TEST_CASE("evo plugins new: an existing project is never touched", "[cli][plugins][scaffold]") {
    workspace ws;
    const fs::path mine = ws.dir.write("mine/plugin.cpp", "// my own work\n");
    SECTION("a directory that holds anything") {
        auto refused = ws.evo({"plugins", "new", "validator", "mine"});
        CHECK(config_error_line(refused) == "evo: error: " + (ws.dir.path() / "mine").string() +
                                                " already exists and is not an empty directory");
    }
    SECTION("a file where the directory would go") {
        ws.dir.write("file-here", "x\n");
        auto refused = ws.evo({"plugins", "new", "validator", "mine", "file-here"});
        CHECK_THAT(config_error_line(refused), Contains("file-here already exists"));
        CHECK(text_of(ws.dir.path() / "file-here") == "x\n");
    }
    CHECK(text_of(mine) == "// my own work\n");
    CHECK(names_in(ws.dir.path() / "mine") == std::set<std::string>{"plugin.cpp"});
    CHECK(names_in(ws.dir.path()).count("mine") == 1);
    for (const auto& name : names_in(ws.dir.path()))
        CHECK_THAT(name, !StartsWith(".mine.new-"));
}

TEST_CASE("evo plugins new: a bad kind or name is one line and writes nothing",
          "[cli][plugins][scaffold]") {
    workspace ws;
    SECTION("kind") {
        auto refused = ws.evo({"plugins", "new", "formatter", "x"});
        CHECK(config_error_line(refused) == "evo: error: evo plugins new: unknown plugin kind "
                                            "'formatter' (one of provider, validator, cache, "
                                            "scheduler)");
    }
    SECTION("name") {
        const std::string name =
            GENERATE(std::string("My-Check"), std::string("1st"), std::string("trailing-"),
                     std::string("under_score"), std::string("a/b"), std::string("../up"),
                     std::string("-x"), std::string(65, 'a'), std::string("caf\xc3\xa9"));
        INFO(name);
        auto refused = ws.evo({"plugins", "new", "validator", "--", name});
        CHECK_THAT(config_error_line(refused),
                   StartsWith("evo: error: evo plugins new: plugin name '" + name +
                              "' must be lowercase letters, digits and '-'"));
    }
    CHECK(names_in(ws.dir.path()).empty());
}
