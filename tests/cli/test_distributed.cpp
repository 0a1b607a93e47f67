// The distributed setup end to end: a real redis-server (tests/support), `evo worker` processes
// and an `evo validate` client, all through the redis-streams scheduler as
// manifests/distributed.toml sets it up. What the client prints must equal a local run's, with
// each file judged once, whatever happens to a worker.
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "redis_server.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <hiredis/hiredis.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

using namespace evo::test;
namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Waits for a condition; the limit only guards against a hang, it is not what is tested.
template <class Condition> bool eventually(Condition condition) {
    for (auto limit = std::chrono::steady_clock::now() + 120s;
         std::chrono::steady_clock::now() < limit; std::this_thread::sleep_for(5ms))
        if (condition()) return true;
    return condition();
}

// A plain hiredis connection, to look at what the scheduler keeps in Redis.
class redis_probe {
  public:
    explicit redis_probe(const redis_server& server)
        : c_(redisConnect("127.0.0.1", server.port()), &redisFree) {
        if (!c_ || c_->err) throw std::runtime_error("cannot connect to the test redis");
    }
    using reply = std::unique_ptr<redisReply, decltype(&freeReplyObject)>;
    template <class... Args> reply query(const char* format, Args... args) {
        auto* r = static_cast<redisReply*>(redisCommand(c_.get(), format, args...));
        if (!r) throw std::runtime_error("the test redis went away");
        return {r, &freeReplyObject};
    }
    std::size_t keys(const char* pattern) { return query("KEYS %s", pattern)->elements; }
    // Results recorded so far for the (one) open batch.
    long long results() {
        reply keys = query("KEYS evo:batch:*:results");
        if (keys->elements == 0) return 0;
        return query("HLEN %s", keys->element[0]->str)->integer;
    }
    // Whether the worker process `pid` (single-threaded: consumer 0) holds a task that has no
    // result yet: one delivered to it and not recorded.
    bool holds_unfinished_task(pid_t pid) {
        char host[HOST_NAME_MAX + 1] = {};
        gethostname(host, sizeof host - 1);
        const std::string consumer = std::string(host) + ":" + std::to_string(pid) + ":0";
        reply pending = query("XPENDING evo:tasks evo-workers - + 10 %s", consumer.c_str());
        for (std::size_t i = 0; pending->type == REDIS_REPLY_ARRAY && i < pending->elements; ++i) {
            const char* id = pending->element[i]->element[0]->str;
            reply entry = query("XRANGE evo:tasks %s %s", id, id);
            if (entry->elements == 0) continue; // deleted: its batch is over
            const redisReply* fields = entry->element[0]->element[1];
            std::map<std::string, std::string> f;
            for (std::size_t k = 0; k + 1 < fields->elements; k += 2)
                f[fields->element[k]->str] = fields->element[k + 1]->str;
            const std::string results = "evo:batch:" + f["batch"] + ":results";
            if (query("HEXISTS %s %s", results.c_str(), f["index"].c_str())->integer == 0)
                return true;
        }
        return false;
    }

  private:
    std::unique_ptr<redisContext, decltype(&redisFree)> c_;
};

// Like manifests/distributed.toml (its validators, a redis-streams scheduler and a memory + redis
// cache on the same server), with the test's server, a short claim_after_ms and poll_ms, and the
// fixture-slow validator, which takes sleep_ms per file and marks each file it judged with one
// finding. No server: the same pipeline run locally by a thread pool.
fs::path test_manifest(const scratch_dir& dir, const std::string& name, const redis_server* server,
                       int sleep_ms) {
    std::string text =
        fixture_plugin_path_line() +
        "[pipeline]\nvalidators = [\"python-syntax\", \"python-security\", \"shell-syntax\", "
        "\"shell-security\", \"fixture-slow\"]\nfail_on = \"medium\"\n";
    if (server)
        text += "scheduler = \"farm\"\ncache = [\"memory\", \"shared\"]\n"
                "[plugins.farm]\nplugin = \"redis-streams\"\nurl = \"" +
                server->url() +
                "\"\nclaim_after_ms = 1000\npoll_ms = 100\n"
                "[plugins.shared]\nplugin = \"redis\"\nurl = \"" +
                server->url() + "\"\nkey_prefix = \"evo:cache:\"\n[plugins.memory]\n";
    else
        text += "scheduler = \"threadpool\"\n[plugins.threadpool]\n";
    text += "[plugins.python-syntax]\n[plugins.python-security]\n[plugins.shell-syntax]\n"
            "[plugins.shell-security]\n[plugins.fixture-slow]\nsleep_ms = " +
            std::to_string(sleep_ms) + "\n";
    return dir.write(name, text);
}

// `count` source files, a mix: findings (eval, an unquoted variable), clean ones, a Python and
// a shell syntax error; and a file of no language, skipped. Mostly Python: the shell
// validators start a process per file, too slow for a thousand on a busy machine.
void write_tree(const scratch_dir& dir, int count) {
    for (int i = 0; i < count; ++i) {
        const std::string n = std::to_string(i);
        if (i % 25 == 2)
            dir.write("src/f" + n + ".sh", "#!/bin/sh\necho $1\n");
        else if (i % 25 == 3)
            dir.write("src/f" + n + ".sh", "#!/bin/sh\necho \"$1\" " + n + "\n");
        else if (i % 3 == 0)
            dir.write("src/f" + n + ".py", "def calc(expr):\n    return eval(expr)\n");
        else if (i % 3 == 1)
            dir.write("src/f" + n + ".py", "def add(a, b):\n    return a + b + " + n + "\n");
        else
            dir.write("src/f" + n + ".py", "def f" + n + "():\n    return " + n + "\n");
    }
    dir.write("src/f1.py", "def broken(:\n    pass\n");
    dir.write("src/f2.sh", "#!/bin/sh\nif [ \"$1\" ]; then\n  echo yes\n");
    dir.write("src/notes.txt", "no language\n");
}

run_options bounded(environment_changes env = {}) {
    run_options options;
    options.kill_after = std::chrono::seconds(300);
    options.env = std::move(env);
    return options;
}

std::vector<std::string> validate_args(const fs::path& manifest, const std::string& src,
                                       bool no_cache = true) {
    std::vector<std::string> args{"-m", manifest.string(), "validate", "--format", "json"};
    if (no_cache) args.push_back("--no-cache");
    args.push_back(src);
    return args;
}

json::object report_of(const run_result& r, int expected_exit) {
    INFO(r.err);
    REQUIRE(!r.killed);
    REQUIRE(r.exit_code == expected_exit);
    json::object report = json::parse(r.out).as_object();
    report.at("summary").as_object().erase("seconds"); // the only field that differs by nature
    return report;
}

// evo worker -j 1, until the test stops it.
class worker {
  public:
    explicit worker(const fs::path& manifest, run_options options = bounded())
        : process_(std::make_unique<evo_process>(
              std::vector<std::string>{"-m", manifest.string(), "worker", "-j", "1"}, options)) {}
    pid_t pid() const { return process_->pid(); }
    run_result stop(int signal = SIGTERM) {
        kill(process_->pid(), signal);
        return process_->wait();
    }

  private:
    std::unique_ptr<evo_process> process_;
};

// What a worker told to stop must print and exit with; the number of tasks it ran.
std::size_t stopped_normally(const run_result& r) {
    INFO(r.err);
    CHECK(!r.killed);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("evo: error") == std::string::npos);
    const std::string stopped = "evo: worker stopped: ran ";
    const auto at = r.err.find(stopped);
    REQUIRE(at != std::string::npos);
    return std::stoul(r.err.substr(at + stopped.size()));
}

} // namespace

TEST_CASE(
    "1,000 files over 3 workers, one killed mid-task: each judged once, as a local run judges it",
    "[cli][distributed]") {
    redis_server server;
    redis_probe redis(server);
    scratch_dir dir;
    write_tree(dir, 1000);
    const std::string src = dir.file("src");
    // The local run without the pause: fixture-slow's findings do not depend on it, and a
    // thread pool on a busy machine runs one file at a time.
    const json::object local = report_of(
        run_evo(validate_args(test_manifest(dir, "local.toml", nullptr, 0), src), bounded()), 1);
    REQUIRE(local.at("summary").at("files") == 1000);
    REQUIRE(local.at("skipped").as_array().size() == 1);

    const fs::path remote = test_manifest(dir, "remote.toml", &server, 5);
    std::vector<std::unique_ptr<worker>> workers;
    for (int i = 0; i < 3; ++i)
        workers.push_back(std::make_unique<worker>(remote));
    evo_process client(validate_args(remote, src), bounded());

    // Once results come in, catch the victim holding a task it has not finished: stopped
    // (SIGSTOP) so that it cannot finish it in between, then killed.
    const pid_t victim = workers[0]->pid();
    REQUIRE(eventually([&] {
        if (redis.results() < 50) return false;
        kill(victim, SIGSTOP);
        if (redis.holds_unfinished_task(victim)) return true;
        kill(victim, SIGCONT);
        return false;
    }));
    const long long before_kill = redis.results();
    CHECK(before_kill < 1000);
    run_result killed = workers[0]->stop(SIGKILL);
    CHECK(killed.exit_code == 128 + SIGKILL);

    const json::object report = report_of(client.wait(), 1);
    CHECK(report == local);
    // Each source file exactly once: fixture-slow marks every file it judged, once.
    std::map<std::string, int> judged;
    for (const auto& f : report.at("findings").as_array())
        if (f.at("layer") == "fixture-slow") ++judged[std::string(f.at("file").as_string())];
    CHECK(judged.size() == 1000);
    for (const auto& [file, times] : judged) {
        INFO(file);
        CHECK(times == 1);
    }
    // Nothing of the batch left behind, and --no-cache wrote no cache entry.
    CHECK(redis.keys("evo:batch:*") == 0);
    CHECK(redis.keys("evo:cache:*") == 0);

    std::size_t ran = 0;
    for (std::size_t i = 1; i < workers.size(); ++i)
        ran += stopped_normally(workers[i]->stop());
    CHECK(ran >= 1000 - static_cast<std::size_t>(before_kill)); // the rest, the victim's task too
}

TEST_CASE("Ctrl-C on the client cancels its batch and the workers serve the next one",
          "[cli][distributed]") {
    redis_server server;
    redis_probe redis(server);
    scratch_dir dir;
    write_tree(dir, 200);
    const fs::path remote = test_manifest(dir, "remote.toml", &server, 20);
    worker first(remote), second(remote);

    evo_process client(validate_args(remote, dir.file("src")), bounded());
    REQUIRE(eventually([&] { return redis.results() >= 5; }));
    kill(client.pid(), SIGINT);
    const run_result interrupted = client.wait();
    {
        INFO(interrupted.err);
        CHECK(!interrupted.killed);
        CHECK(interrupted.exit_code == 128 + SIGINT);
        CHECK(interrupted.out.empty()); // no report: nothing claims the tree was checked
        CHECK(interrupted.err.find("evo: error: interrupted") != std::string::npos);
    }
    CHECK(redis.keys("evo:batch:*") == 0);

    // The same workers, a second batch and a third (the same validators, so the workers'
    // own): each as a local run.
    scratch_dir small;
    write_tree(small, 10);
    const json::object local = report_of(
        run_evo(validate_args(test_manifest(small, "local.toml", nullptr, 20), small.file("src")),
                bounded()),
        1);
    const fs::path again = test_manifest(small, "remote.toml", &server, 20);
    for (int batch = 0; batch < 2; ++batch)
        CHECK(report_of(run_evo(validate_args(again, small.file("src")), bounded()), 1) == local);
    CHECK(redis.keys("evo:batch:*") == 0);
    std::size_t ran = stopped_normally(first.stop(SIGINT)) + stopped_normally(second.stop());
    CHECK(ran >= 5 + 2 * 10);
}

TEST_CASE("manifests/distributed.toml spreads validation over workers through EVO_REDIS_URL",
          "[cli][distributed]") {
    redis_server server;
    redis_probe redis(server);
    scratch_dir dir;
    write_tree(dir, 10);
    const std::string shipped = fs::path(EVO_OFFLINE_MANIFEST).parent_path() / "distributed.toml";
    const environment_changes env{{"EVO_REDIS_URL", server.url()}};

    const run_result checked = run_evo({"manifest", "check", shipped}, bounded(env));
    INFO(checked.err);
    CHECK(checked.exit_code == 0);
    CHECK(checked.err.empty());

    // The shipped manifest minus its scheduler and cache: the local run to compare with.
    const fs::path local_manifest =
        dir.write("local.toml", "[pipeline]\nvalidators = [\"python-syntax\", \"python-security\", "
                                "\"shell-syntax\", \"shell-security\"]\nfail_on = \"medium\"\n"
                                "[plugins.python-syntax]\n[plugins.python-security]\n"
                                "[plugins.shell-syntax]\n[plugins.shell-security]\n");
    const std::string src = dir.file("src");
    const json::object local = report_of(run_evo(validate_args(local_manifest, src), bounded()), 1);

    worker w(shipped, bounded(env));
    CHECK(report_of(run_evo(validate_args(shipped, src), bounded(env)), 1) == local);
    CHECK(redis.keys("evo:cache:*") == 0); // --no-cache: neither read nor written

    // With the cache: the workers share it through the same server.
    const json::object first =
        report_of(run_evo(validate_args(shipped, src, false), bounded(env)), 1);
    CHECK(first.at("findings") == local.at("findings"));
    CHECK(redis.keys("evo:cache:*") > 0);
    const json::object second =
        report_of(run_evo(validate_args(shipped, src, false), bounded(env)), 1);
    CHECK(second.at("summary").at("cached") == 10);
    CHECK(second.at("findings") == local.at("findings"));
    stopped_normally(w.stop());
}

TEST_CASE("a worker started while Redis is away says so once and serves when it is back",
          "[cli][distributed]") {
    redis_server server;
    server.stop();
    scratch_dir dir;
    write_tree(dir, 10);
    const fs::path remote = test_manifest(dir, "remote.toml", &server, 0);
    // Its stderr into a file, to read while it runs.
    const std::string log = dir.file("worker.err");
    run_options options = bounded();
    options.wrapper = {"/bin/sh", "-c", "exec \"$@\" 2>'" + log + "'", "sh"};
    worker w(remote, options);
    auto warnings = [&] {
        std::ifstream in(log);
        std::size_t n = 0;
        for (std::string line; std::getline(in, line);)
            n += line.find("redis-streams: redis " + server.url() + " is unreachable") !=
                     std::string::npos &&
                 line.find("retrying until it is back") != std::string::npos;
        return n;
    };
    REQUIRE(eventually([&] { return warnings() > 0; }));
    server.start();
    const json::object local = report_of(
        run_evo(validate_args(test_manifest(dir, "local.toml", nullptr, 0), dir.file("src")),
                bounded()),
        1);
    CHECK(report_of(run_evo(validate_args(remote, dir.file("src")), bounded()), 1) == local);
    CHECK(w.stop().exit_code == 0);
    CHECK(warnings() == 1);
}

TEST_CASE("a baseline matches the findings workers report by the code the client read",
          "[cli][distributed][baseline]") {
    redis_server server;
    scratch_dir dir;
    write_tree(dir, 30);
    const std::string src = dir.file("src");
    const std::string baseline = dir.file("base.json");
    auto local_args = validate_args(test_manifest(dir, "local.toml", nullptr, 0), src);
    local_args.insert(local_args.end() - 1, {"--write-baseline", baseline});
    const json::object saved = report_of(run_evo(local_args, bounded()), 0);
    const std::size_t findings = saved.at("findings").as_array().size();
    REQUIRE(findings > 0);

    // The flagged line of one file edited (same rule, same message): only the code tells it
    // from the saved finding.
    dir.write("src/f0.py", "def calc(expr):\n    return eval(expr.strip())\n");
    const fs::path remote = test_manifest(dir, "remote.toml", &server, 0);
    worker w(remote);
    auto remote_args = validate_args(remote, src);
    remote_args.insert(remote_args.end() - 1, {"--baseline", baseline});
    const json::object report = report_of(run_evo(remote_args, bounded()), 1);
    std::vector<std::string> shown;
    for (const auto& f : report.at("findings").as_array())
        shown.push_back(std::string(f.at("file").as_string()) + " " +
                        std::string(f.at("rule_id").as_string()));
    CHECK(shown == std::vector<std::string>{dir.file("src/f0.py") + " PY-EVAL"});
    CHECK(report.at("summary").at("baseline_hidden") == findings - 1);
    stopped_normally(w.stop());
}
