// evo worker through the real binary, without Redis: the fixture-spool scheduler (tests/abi)
// moves tasks and results through a directory, so evo validate and evo batch run their tasks
// in worker processes, and what they print must equal a local run's.
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

using namespace evo::test;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const std::string validators =
    R"(validators = ["python-syntax", "python-security", "shell-syntax", "shell-security"])";
const std::string validator_tables = "[plugins.python-syntax]\n[plugins.python-security]\n[plugins."
                                     "shell-syntax]\n[plugins.shell-security]\n";

// A pipeline with four validators and the given scheduler ("" for none: inline).
fs::path pipeline(const scratch_dir& dir, const std::string& name, const std::string& scheduler,
                  const std::string& fail_on = "medium") {
    std::string text = fixture_plugin_path_line() + "[pipeline]\nprovider = \"fixture-canned\"\n" +
                       validators + "\nfail_on = \"" + fail_on + "\"\n";
    if (!scheduler.empty()) text += "scheduler = \"" + scheduler + "\"\n";
    text += "[plugins.fixture-canned]\nanswer = \"nothing\"\n" + validator_tables;
    if (scheduler == "fixture-spool")
        text += "[plugins.fixture-spool]\ndir = \"" + dir.file("spool") + "\"\n";
    if (scheduler == "threadpool") text += "[plugins.threadpool]\n";
    return dir.write(name, text);
}

// evo worker running until the test ends (SIGTERM) or stop() says what it printed.
class worker {
  public:
    explicit worker(const fs::path& manifest, const std::string& jobs = "1")
        : process_(std::make_unique<evo_process>(
              std::vector<std::string>{"-m", manifest.string(), "worker", "-j", jobs})) {}
    ~worker() {
        if (process_) stop();
    }
    run_result stop(int signal = SIGTERM) {
        kill(process_->pid(), signal);
        run_result r = process_->wait();
        process_.reset();
        return r;
    }

  private:
    std::unique_ptr<evo_process> process_;
};

// A bound on a client waiting for workers, so a broken worker fails the test, not hangs it.
run_options bounded() {
    run_options options;
    options.kill_after = std::chrono::seconds(300);
    return options;
}

json::object validate_json(const fs::path& manifest, const std::string& src, int expected_exit) {
    auto r = run_evo({"-m", manifest.string(), "validate", "--no-cache", "--format", "json", src},
                     bounded());
    INFO(r.err);
    REQUIRE(r.exit_code == expected_exit);
    json::object report = json::parse(r.out).as_object();
    report.at("summary").as_object().erase("seconds"); // the only field that differs by nature
    return report;
}

void write_tree(const scratch_dir& dir) {
    dir.write("src/calc.py", "def calc(expr):\n    return eval(expr)\n");
    dir.write("src/clean.py", "def add(a, b):\n    return a + b\n");
    dir.write("src/broken.py", "def broken(:\n    pass\n");
    dir.write("src/run.sh", "#!/bin/sh\necho $1\n");
    dir.write("src/notes.txt", "no language\n");
}

std::string read_all(const fs::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("validate through workers prints what a local validate prints", "[cli][worker]") {
    scratch_dir dir;
    write_tree(dir);
    const std::string src = dir.file("src");
    const json::object local = validate_json(pipeline(dir, "local.toml", ""), src, 1);
    REQUIRE(!local.at("findings").as_array().empty());
    REQUIRE(!local.at("skipped").as_array().empty());

    const auto workers = GENERATE(1, 2);
    const fs::path remote = pipeline(dir, "remote.toml", "fixture-spool");
    std::vector<std::unique_ptr<worker>> running;
    for (int i = 0; i < workers; ++i)
        running.push_back(std::make_unique<worker>(remote, "2"));
    CHECK(validate_json(remote, src, 1) == local);
    std::size_t ran = 0;
    for (auto& w : running) {
        run_result r = w->stop();
        INFO(r.err);
        CHECK(r.exit_code == 0); // told to stop: a worker's normal end
        CHECK(
            r.err.find("evo: worker serving tasks through scheduler 'fixture-spool', 2 at once") !=
            std::string::npos);
        CHECK(r.err.find("evo: error") == std::string::npos);
        const std::string stopped = "evo: worker stopped: ran ";
        auto at = r.err.find(stopped);
        REQUIRE(at != std::string::npos);
        ran += std::stoul(r.err.substr(at + stopped.size()));
    }
    CHECK(ran == 4); // every file with a language, once: notes.txt was never a task
}

TEST_CASE("a worker whose validators differ errs on every file, saying why", "[cli][worker]") {
    scratch_dir dir;
    write_tree(dir);
    // Another threshold: the same findings perhaps, but not the validator set the client has.
    worker w(pipeline(dir, "worker.toml", "fixture-spool", "high"));
    auto r = run_evo({"-m", pipeline(dir, "client.toml", "fixture-spool").string(), "validate",
                      "--no-cache", "--format", "json", dir.file("src")},
                     bounded());
    INFO(r.err);
    CHECK(r.exit_code == 3);
    const json::object report = json::parse(r.out).as_object();
    CHECK(report.at("findings").as_array().empty());
    const json::array& errors = report.at("errors").as_array();
    CHECK(errors.size() == 4);
    for (const auto& e : errors)
        CHECK(std::string(e.at("reason").as_string())
                  .find("worker's validators differ from the client's") != std::string::npos);
}

TEST_CASE("evo worker refuses a scheduler that cannot serve", "[cli][worker]") {
    scratch_dir dir;
    auto r = run_evo({"-m", pipeline(dir, "evo.toml", "threadpool").string(), "worker"});
    CHECK(r.exit_code == 2);
    CHECK(r.err ==
          "evo: error: scheduler 'threadpool' cannot serve tasks to workers (it runs them in the "
          "calling process)\n");
}

TEST_CASE("a task a worker cannot read gets an error result", "[cli][worker]") {
    scratch_dir dir;
    auto [task, reason] = GENERATE(table<std::string, std::string>({
        {"{\"kind\": \"validate\"", "the task is not JSON"},
        {"{\"kind\": \"compile\"}", "unknown task kind \"compile\""},
        {"{\"kind\": \"validate\", \"path\": \"x.py\"}", "malformed task: no \"language\""},
        {"{\"kind\": \"gen\", \"request\": {\"prompt\": 1}}",
         "malformed task: \"prompt\" is not a string"},
    }));
    const fs::path manifest = pipeline(dir, "evo.toml", "fixture-spool");
    fs::create_directories(dir.file("spool"));
    dir.write("spool/task-test-0.json", task);
    worker w(manifest);
    const fs::path result = dir.file("spool/result-test-0.json");
    for (int i = 0; i < 60000 && !fs::exists(result);
         ++i) // bounded: a worker that never answers fails
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(fs::exists(result));
    const json::object o = json::parse(read_all(result)).as_object();
    CHECK(o.at("outcome") == "errored");
    INFO(o.at("reason"));
    CHECK(std::string(o.at("reason").as_string()).find(reason) != std::string::npos);
}

namespace {

// The offline manifest's pipeline (its replay cassette), with the given scheduler.
fs::path offline_pipeline(const scratch_dir& dir, const std::string& name,
                          const std::string& scheduler) {
    const fs::path offline = EVO_OFFLINE_MANIFEST;
    std::string text = fixture_plugin_path_line() + R"([pipeline]
provider = "replay"
validators = ["python-syntax", "python-security", "shell-syntax", "shell-security"]
on_fail = "repair"
max_repairs = 2
fail_on = "medium"
scheduler = ")" + scheduler +
                       R"("
[request]
model = "demo"
language = "python"
[plugins.replay]
cassette = ")" + (offline.parent_path() / "cassettes/demo.jsonl").string() +
                       R"("
match = "prompt"
)" + validator_tables;
    text += scheduler == "fixture-spool"
                ? "[plugins.fixture-spool]\ndir = \"" + dir.file("spool") + "\"\n"
                : "[plugins.threadpool]\n";
    return dir.write(name, text);
}

// Each result line with the times each attempt and each of its provider calls took left out.
std::vector<json::object> batch_lines(const fs::path& manifest, const fs::path& requests) {
    auto r = run_evo({"-m", manifest.string(), "batch", requests.string()}, bounded());
    INFO(r.err);
    REQUIRE(r.exit_code == 3); // one request the cassette lacks
    std::vector<json::object> lines;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
        json::object o = json::parse(line).as_object();
        for (auto& a : o.at("attempts").as_array()) {
            a.as_object().erase("milliseconds");
            a.as_object().erase("validation_milliseconds");
            for (auto& c : a.at("calls").as_array()) {
                c.as_object().erase("milliseconds");
                c.as_object().erase("first_text_milliseconds");
            }
        }
        lines.push_back(std::move(o));
    }
    return lines;
}

} // namespace

TEST_CASE("batch through workers prints what a local batch prints", "[cli][worker][batch]") {
    scratch_dir dir;
    auto requests = dir.write(
        "requests.jsonl",
        R"({"prompt": "a Python calculator that evaluates an expression typed by the user", "id": "calc"})"
        "\n"
        R"({"prompt": "something nobody recorded"})"
        "\n"
        R"({"prompt": "a shell script that counts lines in every *.txt file of a directory", "language": "shell", "id": 3})"
        "\n");
    const auto local = batch_lines(offline_pipeline(dir, "local.toml", "threadpool"), requests);
    REQUIRE(local.size() == 3);
    CHECK(local[0].at("outcome") == "passed");
    CHECK(local[1].at("outcome") == "provider_failed");
    const fs::path remote = offline_pipeline(dir, "remote.toml", "fixture-spool");
    worker w(remote, "2");
    CHECK(batch_lines(remote, requests) == local);
}

TEST_CASE("a worker told to stop finishes the task in hand and exits 0", "[cli][worker]") {
    const int signal = GENERATE(SIGINT, SIGTERM);
    scratch_dir dir;
    dir.write("src/one.py", "x = 1\n");
    // fixture-slow sleeps a second per file, and ends its sleep when its call is cancelled.
    const fs::path manifest =
        dir.write("evo.toml",
                  fixture_plugin_path_line() +
                      "[pipeline]\nvalidators = [\"fixture-slow\"]\nscheduler = \"fixture-spool\"\n"
                      "[plugins.fixture-slow]\nsleep_ms = 1000\n[plugins.fixture-spool]\ndir = \"" +
                      dir.file("spool") + "\"\n");
    worker w(manifest);
    evo_process client(
        {"-m", manifest.string(), "validate", "--no-cache", "--format", "json", dir.file("src")},
        bounded());
    auto claimed = [&] {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(dir.file("spool"), ec))
            if (entry.path().filename().string().rfind(".claimed-", 0) == 0) return true;
        return false;
    };
    for (int i = 0; i < 60000 && !claimed(); ++i) // bounded: a worker that never claims fails
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(claimed());
    const run_result stopped = w.stop(signal);
    INFO(stopped.err);
    CHECK(stopped.exit_code == 0);
    CHECK(stopped.err.find("evo: worker stopped: ran 1 task\n") != std::string::npos);
    const run_result r = client.wait();
    INFO(r.err);
    CHECK(r.exit_code == 0);
    const json::object report = json::parse(r.out).as_object();
    CHECK(report.at("errors").as_array().empty());
    CHECK(report.at("findings").as_array().size() == 1); // fixture-slow judged it to its end
}
