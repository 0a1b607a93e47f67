// evo evolve, evo NAME and evo run through the real binary: the offline demo's whole cycle,
// the refusals, a rejected evolve that changes nothing, and an evolved command that tries to
// escape its sandbox. Each test has a store of its own (XDG_DATA_HOME in a scratch directory).
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using evo::test::run_evo;
using evo::test::run_options;
using evo::test::run_result;

const fs::path offline_manifest = EVO_OFFLINE_MANIFEST;
const fs::path test_data = EVO_CLI_TEST_DATA;
const std::string slug_request = "turn each line of stdin into a URL slug";
const std::string underscores_request =
    "turn each line of stdin into a URL slug, using underscores";

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// evo with a store of its own: every run of one test sees the same scratch store.
class evo_with_store {
  public:
    evo_with_store() { fs::create_directories(data_dir()); }
    fs::path data_dir() const { return scratch.path() / "data"; }
    fs::path store_file() const { return data_dir() / "evo" / "commands.db"; }

    run_result run(const std::vector<std::string>& args, const std::string& stdin_text = "",
                   evo::test::environment_changes env = {},
                   std::vector<std::string> wrapper = {}) const {
        run_options o;
        o.wrapper = std::move(wrapper);
        env["XDG_DATA_HOME"] = data_dir().string();
        o.env = std::move(env);
        o.cwd = scratch.path();
        if (!stdin_text.empty()) o.stdin_file = scratch.write("stdin.txt", stdin_text);
        return run_evo(args, o);
    }
    run_result evolve(const fs::path& manifest, const std::string& name,
                      const std::string& request) const {
        return run({"-m", manifest.string(), "evolve", name, request});
    }
    // A copy of the offline manifest with `edit` applied, its cassette still the shipped one.
    fs::path offline_variant(const std::string& file, const std::string& from,
                             const std::string& to) const {
        std::string text = read_file(offline_manifest);
        const auto cassette =
            (offline_manifest.parent_path() / "cassettes" / "demo.jsonl").string();
        replace(text, "\"cassettes/demo.jsonl\"", json::serialize(json::string(cassette)));
        replace(text, from, to);
        return scratch.write(file, text);
    }

    evo::test::scratch_dir scratch;

  private:
    static void replace(std::string& text, const std::string& from, const std::string& to) {
        auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    }
};

// A manifest whose provider answers `request` with `answer` (a recorded cassette of one entry),
// judged by `validators`.
fs::path recorded_manifest(const evo_with_store& evo, const std::string& file,
                           const std::string& request, const std::string& answer,
                           const std::string& validators, int max_repairs = 2) {
    json::object line{
        {"request",
         {{"messages", json::array{json::object{{"role", "user"}, {"content", request}}}}}},
        {"response", answer}};
    auto cassette = evo.scratch.write(file + ".jsonl", json::serialize(line) + "\n");
    std::string manifest = "[pipeline]\nprovider = \"replay\"\nvalidators = " + validators +
                           "\non_fail = \"repair\"\nmax_repairs = " + std::to_string(max_repairs) +
                           "\n[request]\nmodel = \"demo\"\nlanguage = \"python\"\n"
                           "[plugins.replay]\nmatch = \"prompt\"\ncassette = " +
                           json::serialize(json::string(cassette.string())) + "\n";
    const json::value ids = json::parse(validators);
    for (const auto& id : ids.as_array())
        manifest += "[plugins." + std::string(id.as_string()) + "]\n";
    return evo.scratch.write(file + ".toml", manifest);
}

void require_ok(const run_result& r) {
    INFO("stdout: " << r.out);
    INFO("stderr: " << r.err);
    REQUIRE(r.exit_code == 0);
}

} // namespace

TEST_CASE("the offline demo: evolve, run, evolve again, roll back, run, remove", "[cli][evolve]") {
    evo_with_store evo;
    // The repair's answer is recorded under the exact repair prompt, failing test output and
    // all: when the pipeline's wording or the sandbox validator's findings change, this fails
    // with "request not in cassette"; tests/cli/data/slugify/record_demo.py records it again.
    auto first = evo.evolve(offline_manifest, "slugify", slug_request);
    require_ok(first);
    CHECK(first.out ==
          "slugify: version 1 (python), 2 attempts, its tests passed in the sandbox\n");
    CHECK(first.err.find("SANDBOX-TEST-FAILED") != std::string::npos); // the demo shows a repair
    CHECK(first.err.find("passed after 1 repair") != std::string::npos);

    auto run = evo.run({"slugify"}, "Hello World\n");
    require_ok(run);
    CHECK(run.out == "hello-world\n");
    auto unicode = evo.run({"run", "slugify"}, "Crème Brûlée, Straße!\n\n  --Top 10--\n");
    require_ok(unicode);
    CHECK(unicode.out == "creme-brulee-strasse\n\ntop-10\n");
    auto scripts = evo.run({"slugify"}, "Привет, Мир! 日本語\n");
    require_ok(scripts);
    CHECK(scripts.out == "привет-мир-日本語\n");
    auto with_args = evo.run({"slugify", "Hello World", "--", "--help"});
    require_ok(with_args);
    CHECK(with_args.out ==
          "hello-world\nhelp\n"); // arguments reach the command verbatim: evo takes none

    auto second = evo.evolve(offline_manifest, "slugify", underscores_request);
    require_ok(second);
    CHECK(second.out ==
          "slugify: version 2 (python), 1 attempt, its tests passed in the sandbox\n");
    CHECK(evo.run({"slugify"}, "Hello World\n").out == "hello_world\n");

    auto show = evo.run({"show", "slugify", "--json"});
    require_ok(show);
    auto stored = json::parse(show.out).as_object();
    CHECK(stored.at("version").as_int64() == 2);
    CHECK(stored.at("runner").as_string() == "python3"); // as the sandbox validator declares
    CHECK(stored.at("file").as_string() == "command.py");
    CHECK(stored.at("tests").as_string().find("def test_") != json::string::npos);
    CHECK(stored.at("permissions").at("network").as_bool() == false);
    CHECK(stored.at("report").at("tests_run").as_bool());
    CHECK(stored.at("manifest_sha256").as_string().size() == 64);

    require_ok(evo.run({"rollback", "slugify"}));
    CHECK(evo.run({"slugify"}, "Hello World\n").out == "hello-world\n");

    require_ok(evo.run({"remove", "slugify"}));
    auto gone = evo.run({"slugify"}, "Hello World\n");
    CHECK(evo::test::config_error_line(gone) ==
          "evo: error: unknown command 'slugify' (evo --help lists the commands)");
    CHECK(gone.out.empty());
}

TEST_CASE("evo's global options may come before the command's name; none after it is evo's",
          "[cli][evolve]") {
    evo_with_store evo;
    require_ok(evo.evolve(offline_manifest, "slugify", slug_request));
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"-v", "slugify", "-m", "x.toml"},
             {"--log-format=json", "-m", "no-such.toml", "run", "slugify", "-m", "x.toml"},
             {"--log-format", "text", "slugify", "-m", "x.toml"}}) {
        auto r = evo.run(args);
        INFO(r.err);
        CHECK(r.exit_code == 2); // the command's own usage error: -m is not its option
        CHECK(r.err.find("usage: slugify") != std::string::npos);
    }
}

TEST_CASE("the exit code of an evolved command is passed through", "[cli][evolve]") {
    evo_with_store evo;
    require_ok(evo.evolve(offline_manifest, "slugify", slug_request));
    auto usage = evo.run({"slugify", "--no-such-option"});
    CHECK(usage.exit_code == 2); // argparse's own usage error, from inside the sandbox
    CHECK(usage.err.find("unrecognized arguments: --no-such-option") != std::string::npos);
}

TEST_CASE("names that are not command names, or are evo's own, are refused", "[cli][evolve]") {
    evo_with_store evo;
    for (const std::string& name : std::vector<std::string>{"Slugify", "slug_ify", "-x", "a/b",
                                                            "caf\xc3\xa9", std::string(65, 'a')}) {
        INFO(name);
        auto r = evo.run({"-m", offline_manifest.string(), "evolve", "--", name, slug_request});
        CHECK(evo::test::config_error_line(r).find("cannot name a command") != std::string::npos);
    }
    for (const std::string name :
         {"gen", "evolve", "run", "commands", "rollback", "help", "sandbox"}) {
        INFO(name);
        auto r = evo.evolve(offline_manifest, name, slug_request);
        CHECK(evo::test::config_error_line(r) ==
              "evo: error: '" + name + "' is a built-in command of evo; choose another name");
    }
    CHECK_FALSE(fs::exists(evo.store_file())); // nothing was even opened for writing
}

TEST_CASE("evolve needs a validator that runs tests", "[cli][evolve]") {
    evo_with_store evo;
    auto manifest = evo.offline_variant("no-tests.toml", ", \"sandbox\"]", "]");
    auto r = evo.evolve(manifest, "slugify", slug_request);
    CHECK(evo::test::config_error_line(r).find(
              "[pipeline] validators needs a validator that runs tests, e.g. \"sandbox\"") !=
          std::string::npos);
    CHECK(evo.run({"commands"}).out.find("slugify") == std::string::npos);
}

TEST_CASE("evolve refuses a language no validator that runs tests declares a contract for",
          "[cli][evolve]") {
    evo_with_store evo;
    auto r = evo.run(
        {"-m", offline_manifest.string(), "evolve", "--lang", "cpp", "slugify", slug_request});
    CHECK(r.exit_code == 2);
    const std::string line = evo::test::config_error_line(r);
    CHECK(line.find("no validator that runs tests declares a command contract for 'cpp'") !=
          std::string::npos);
    CHECK(line.find("they can be in: python, shell") != std::string::npos);
    CHECK(line.find("EVO_FLAG_RUNS_TESTS") != std::string::npos);
    CHECK_FALSE(fs::exists(evo.store_file())); // nothing was asked, nothing opened for writing
}

TEST_CASE("a rejected evolve changes nothing in the store", "[cli][evolve]") {
    evo_with_store evo;
    require_ok(evo.evolve(offline_manifest, "slugify", underscores_request));
    const auto commands = evo.run({"commands"}).out;
    const auto history = evo.run({"history"}).out;
    const auto shown = evo.run({"show", "slugify"}).out;

    // No repair allowed: the demo's first answer fails one of its tests, and that is final.
    auto manifest = evo.offline_variant("no-repair.toml", "max_repairs = 2", "max_repairs = 0");
    auto rejected = evo.evolve(manifest, "slugify", slug_request);
    INFO(rejected.err);
    CHECK(rejected.exit_code == 1);
    CHECK(rejected.out.empty());
    CHECK(rejected.err.find("test test_accented_latin_letters_lose_their_accents failed") !=
          std::string::npos);
    CHECK(rejected.err.find("slugify: not registered; nothing changed") != std::string::npos);
    CHECK(evo.run({"commands"}).out == commands);
    CHECK(evo.run({"history"}).out == history);
    CHECK(evo.run({"show", "slugify"}).out == shown);
    CHECK(evo.run({"slugify"}, "Hello World\n").out == "hello_world\n");

    auto other = evo.evolve(manifest, "other", slug_request); // a new name is not created either
    CHECK(other.exit_code == 1);
    CHECK(evo.run({"commands"}).out == commands);
}

namespace {

// A TCP server on the host's loopback that nothing should reach.
class loopback_listener {
  public:
    loopback_listener() {
        fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof addr;
        REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), size) == 0);
        REQUIRE(listen(fd_, 8) == 0);
        REQUIRE(getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &size) == 0);
        port_ = ntohs(addr.sin_port);
    }
    ~loopback_listener() { ::close(fd_); }
    loopback_listener(const loopback_listener&) = delete;
    loopback_listener& operator=(const loopback_listener&) = delete;
    uint16_t port() const { return port_; }
    bool anyone_connected() const {
        int peer = accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (peer >= 0) ::close(peer);
        return peer >= 0;
    }

  private:
    int fd_ = -1;
    uint16_t port_ = 0;
};

} // namespace

TEST_CASE("an evolved command that tries to escape is contained when run as evo NAME",
          "[cli][evolve][sandbox]") {
    evo_with_store evo;
    // Registered honestly: a pipeline of a syntax check and the sandbox's tests (no security
    // scanner to refuse it), a recorded answer whose tests pass.
    const std::string request = "a command that tries to get out of its sandbox";
    const std::string answer = "```python\n" + read_file(test_data / "escape" / "command.py") +
                               "```\n\n```python\n" +
                               read_file(test_data / "escape" / "test_command.py") + "```\n";
    auto manifest =
        recorded_manifest(evo, "escape", request, answer, R"(["python-syntax", "sandbox"])");
    require_ok(evo.evolve(manifest, "escape", request));

    const fs::path home = evo.scratch.path() / "home";
    fs::create_directories(home);
    evo.scratch.write("home/secret.txt", "the user's secret\n");
    loopback_listener server;
    const std::string tmp_name = "evo-escape-" + std::to_string(getpid());
    auto r = evo.run({"escape", "store=" + evo.store_file().string(), "home=" + home.string(),
                      "port=" + std::to_string(server.port()), "tmp=" + tmp_name},
                     "", {{"OPENAI_API_KEY", "sk-secret"}, {"HOME", home.string()}});
    require_ok(r);
    INFO(r.out);
    for (const std::string attempt :
         {"read /etc/shadow", "secret from the environment", "write /usr", "write /etc",
          "read the command store", "write the command store", "list the store's directory",
          "read $HOME", "write $HOME", "connect to the host's loopback"})
        CHECK(r.out.find(attempt + ": contained (") != std::string::npos);
    CHECK(r.out.find("ESCAPED") == std::string::npos);
    CHECK(r.out.find("sk-secret") == std::string::npos);
    CHECK(r.out.find("writes its work directory: written") != std::string::npos); // it did run
    CHECK(r.out.find("write its own /tmp: written") != std::string::npos);
    CHECK_FALSE(server.anyone_connected());
    CHECK_FALSE(fs::exists(home / "escaped.txt"));
    CHECK_FALSE(fs::exists(fs::path("/tmp") / tmp_name));
    CHECK(read_file(home / "secret.txt") == "the user's secret\n");
    require_ok(evo.run({"show", "escape"})); // the store is intact and readable

    // A name lookup and a remote address, with evo in a network namespace of its own (only
    // loopback): were the sandbox to let them through, no packet could leave the machine.
    auto remote = evo.run({"escape", "remote=1"}, "", {}, {"/usr/bin/unshare", "-n", "--"});
    require_ok(remote);
    INFO(remote.out);
    for (const std::string attempt : {"resolve a name", "connect to a remote address"})
        CHECK(remote.out.find(attempt + ": contained (") != std::string::npos);
    CHECK(remote.out.find("ESCAPED") == std::string::npos);
}

TEST_CASE("an answer without tests is a finding, and not registered", "[cli][evolve]") {
    evo_with_store evo;
    const std::string request = "print hello";
    auto manifest = recorded_manifest(evo, "untested", request, "```python\nprint('hello')\n```\n",
                                      R"(["python-syntax", "sandbox"])", 0);
    auto r = evo.evolve(manifest, "hello", request);
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("[evolve EVO-NO-TESTS] the answer has no tests") != std::string::npos);
    CHECK(evo.run({"commands"}).out.find("hello") == std::string::npos);
}

TEST_CASE("a shell command evolves with its test script and runs", "[cli][evolve]") {
    evo_with_store evo;
    const std::string request = "upper-case stdin";
    const std::string answer =
        "```bash\n#!/bin/bash\ntr '[:lower:]' '[:upper:]'\n```\n\n```bash\n"
        "#!/bin/bash\nfail=0\n"
        "if [ \"$(printf 'ab c\\n' | bash command.sh)\" = 'AB C' ]; then echo 'ok - upper'; "
        "else echo 'not ok - upper'; fail=1; fi\nexit $fail\n```\n";
    auto manifest =
        recorded_manifest(evo, "upper", request, answer, R"(["shell-syntax", "sandbox"])");
    auto evolved =
        evo.run({"-m", manifest.string(), "evolve", "--lang", "shell", "upper", request});
    require_ok(evolved);
    CHECK(evolved.out == "upper: version 1 (shell), 1 attempt, its tests passed in the sandbox\n");
    auto r = evo.run({"upper"}, "hello, world\n");
    require_ok(r);
    CHECK(r.out == "HELLO, WORLD\n");
}

TEST_CASE("code whose tests fail is not registered, even when the layer only warns",
          "[cli][evolve]") {
    evo_with_store evo;
    auto manifest = evo.offline_variant("warn.toml", "[plugins.sandbox]",
                                        "[plugins.sandbox]\non_fail = \"warn\"");
    auto r = evo.evolve(manifest, "slugify", slug_request);
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("slugify: its tests failed ([plugins.sandbox] SANDBOX-TEST-FAILED)") !=
          std::string::npos);
    CHECK(evo.run({"commands"}).out.find("slugify") == std::string::npos);
}

TEST_CASE("evolve --json: one object on stdout, registered or not; -q keeps what rejected it",
          "[cli][evolve][json-everywhere][quiet]") {
    evo_with_store evo;
    auto ok = evo.run({"-m", offline_manifest.string(), "evolve", "--json", "slugify", slug_request});
    require_ok(ok);
    const json::value done = json::parse(ok.out);
    CHECK(done.at("registered").as_bool());
    CHECK(done.at("version").to_number<int>() == 1);
    CHECK(done.at("generation").at("outcome").as_string() == "passed");

    auto manifest = evo.offline_variant("no-repair.toml", "max_repairs = 2", "max_repairs = 0");
    auto refused = evo.run({"-m", manifest.string(), "evolve", "--json", "other", slug_request});
    CHECK(refused.exit_code == 1);
    const json::value not_done = json::parse(refused.out);
    CHECK_FALSE(not_done.at("registered").as_bool());
    CHECK(not_done.at("generation").at("outcome").as_string() == "rejected");

    auto quiet = evo.run({"-q", "-m", manifest.string(), "evolve", "other", slug_request});
    CHECK(quiet.exit_code == 1);
    CHECK(quiet.err.find("evo: attempt") == std::string::npos);
    CHECK(quiet.err.find("SANDBOX-TEST-FAILED") != std::string::npos);
    CHECK(quiet.err.find("evo: error: other: not registered; nothing changed") != std::string::npos);
}
