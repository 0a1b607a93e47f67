// evo init through the real binary: the manifest it writes is accepted by `evo manifest check`,
// is trusted (evo runs with it without `evo trust`), validates a file at once, and an existing
// evo.toml is never replaced without --force; a bad --local-llm URL is one line.
#include "cli_assertions.hpp"
#include "scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace evo::test;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

namespace fs = std::filesystem;

// An empty project directory and a trust store of its own, evo run inside it.
struct project {
    scratch_dir dir;
    fs::path root = dir.path() / "project";
    fs::path manifest = root / "evo.toml";
    run_options inside;

    project() {
        fs::create_directories(root);
        inside.cwd = root;
        inside.env["XDG_STATE_HOME"] = dir.file("state");
        inside.env["EVO_LLM_BASE_URL"] = std::nullopt;
        inside.env["EVO_ALLOW_REMOTE_HTTP"] = std::nullopt;
    }
    run_result evo(const std::vector<std::string>& args) const { return run_evo(args, inside); }
    std::string text() const {
        std::ifstream in(manifest);
        std::stringstream all;
        all << in.rdbuf();
        return all.str();
    }
    void write(const std::string& name, const std::string& content) const {
        std::ofstream(root / name) << content;
    }
};

void require_ok(const run_result& result) {
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == 0);
}

} // namespace

TEST_CASE("evo init writes a trusted manifest that manifest check accepts and validate uses",
          "[cli][init]") {
    project p;
    const auto flags =
        GENERATE(std::vector<std::string>{}, std::vector<std::string>{"--offline"},
                 std::vector<std::string>{"--local-llm", "http://127.0.0.1:11434/v1"});
    INFO("flags: " << (flags.empty() ? "none" : flags.front()));
    std::vector<std::string> args{"init"};
    args.insert(args.end(), flags.begin(), flags.end());
    auto init = p.evo(args);
    require_ok(init);
    CHECK_THAT(init.out, StartsWith("wrote " + fs::canonical(p.manifest).string()));
    CHECK_THAT(p.text(), StartsWith("# evo.toml, written by `evo init"));

    // No `evo trust` in between: init trusted it.
    auto check = p.evo({"manifest", "check"});
    require_ok(check);
    CHECK_THAT(check.out, StartsWith(fs::canonical(p.manifest).string() + ": ok, "));

    p.write("clean.py", "def add(a, b):\n    return a + b\n");
    p.write("risky.py", "import subprocess\n\nsubprocess.call(input(), shell=True)\n");
    require_ok(p.evo({"validate", "clean.py"}));
    auto risky = p.evo({"validate", "risky.py"});
    CHECK(risky.exit_code == 1);
    CHECK_THAT(risky.out, Contains("risky.py"));

    if (!flags.empty() && flags.front() == "--local-llm")
        CHECK_THAT(p.text(), Contains("base_url = \"http://127.0.0.1:11434/v1\"\n"));
    if (!flags.empty() && flags.front() == "--offline") {
        auto gen = p.evo({"gen", "a function"});
        CHECK(gen.exit_code == 2); // no provider: refused, as the file's comments say
    }
}

TEST_CASE("evo init never replaces an evo.toml without --force", "[cli][init]") {
    project p;
    p.write("evo.toml", "# mine\n");
    auto again = p.evo({"init"});
    CHECK_THAT(config_error_line(again), Equals("evo: error: " + p.manifest.string() +
                                                " already exists (evo init --force replaces it)"));
    CHECK(p.text() == "# mine\n");

    require_ok(p.evo({"init", "--offline", "--force"}));
    CHECK_THAT(p.text(), StartsWith("# evo.toml, written by `evo init --offline`"));
    require_ok(p.evo({"status"})); // the replacement is trusted too
    // No temporary file is left beside it.
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(p.root))
        ++entries;
    CHECK(entries == 1);
}

TEST_CASE("evo init --local-llm refuses a URL that is not a local http(s) server in one line",
          "[cli][init]") {
    project p;
    const std::string url =
        GENERATE("ftp://127.0.0.1/v1", "http://", "127.0.0.1:8080", "http://127.0.0.1:0/v1",
                 "http://[::1/v1", "http://user:secret@127.0.0.1/v1", "http://127.0.0.1/${HOME}",
                 "http://10.1.2.3:8080/v1", "https://api.example.com/v1");
    INFO(url);
    auto result = p.evo({"init", "--local-llm", url});
    CHECK_THAT(config_error_line(result), StartsWith("evo: error: --local-llm '" + url + "': "));
    CHECK_FALSE(fs::exists(p.manifest));
}

TEST_CASE("evo init --local-llm takes a remote server when EVO_ALLOW_REMOTE_HTTP=1 is set",
          "[cli][init]") {
    project p;
    p.inside.env["EVO_ALLOW_REMOTE_HTTP"] = "1";
    require_ok(p.evo({"init", "--local-llm", "https://llm.example.com:8443/v1"}));
    CHECK_THAT(p.text(), Contains("base_url = \"https://llm.example.com:8443/v1\"\n"));
}

TEST_CASE("evo init --offline and --local-llm exclude each other", "[cli][init]") {
    project p;
    auto both = p.evo({"init", "--offline", "--local-llm", "http://127.0.0.1:8080/v1"});
    CHECK(config_error_line(both).find("excludes") != std::string::npos);
    CHECK_FALSE(fs::exists(p.manifest));
}
