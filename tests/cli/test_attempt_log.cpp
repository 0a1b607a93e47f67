// The attempt log through the real binary on the offline manifest (its replay cassette answers
// the recorded prompts and fails any other): what gen and batch write, what evo log lists and
// finds, hostile search text, turning it off, several writers at once, a corrupt file.
#include "cli_assertions.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"
#include "store_sql.hpp"

#include <sys/stat.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>

namespace {

namespace json = boost::json;
using evo::test::run_evo;
using evo::test::run_options;

const std::string offline_manifest = EVO_OFFLINE_MANIFEST;

const std::string fibonacci = "a Python function that returns the n-th Fibonacci number";
// Rejected once (eval), repaired in a second round.
const std::string calculator = "a Python calculator that evaluates an expression typed by the user";

// A data home (the log's directory) and a cache of the test's own.
struct scratch_home {
    evo::test::scratch_dir dir;
    run_options options() const {
        run_options o;
        o.env["XDG_DATA_HOME"] = dir.file("data");
        o.env["XDG_CACHE_HOME"] = dir.file("cache");
        return o;
    }
    std::filesystem::path log() const { return dir.path() / "data/evo/logs.db"; }
};

evo::test::run_result gen(const scratch_home& home, const std::string& prompt,
                          std::vector<std::string> extra = {}, run_options options = {}) {
    if (options.env.empty()) options = home.options();
    std::vector<std::string> args{"-m", offline_manifest, "gen", prompt};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_evo(args, options);
}

json::array logged(const scratch_home& home, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"log", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_evo(args, home.options());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out).as_array();
}

std::string text_of(const json::value& row, const char* field) {
    return std::string(row.at(field).as_string());
}

std::string file_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

} // namespace

TEST_CASE("gen logs each provider call of each round, with its findings", "[cli][log]") {
    scratch_home home;
    auto r = gen(home, calculator);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto rows = logged(home);
    REQUIRE(rows.size() == 2);
    const auto& second = rows[0].as_object(); // newest first
    const auto& first = rows[1].as_object();
    CHECK(first.at("round").as_int64() == 1);
    CHECK(second.at("round").as_int64() == 2);
    for (const auto* row : {&first, &second}) {
        CHECK(text_of(*row, "command") == "gen");
        CHECK(text_of(*row, "prompt") == calculator);
        CHECK(text_of(*row, "language") == "python");
        CHECK(text_of(*row, "provider") == "replay");
        CHECK(text_of(*row, "outcome") == "ok");
        CHECK(text_of(*row, "cache") == "miss");
        CHECK(row->at("milliseconds").as_int64() >= 0);
        CHECK(text_of(*row, "run") == text_of(rows[0], "run"));
    }
    CHECK(text_of(first, "response").find("eval(expression)") != std::string::npos);
    REQUIRE(first.at("findings").as_array().size() >= 1);
    CHECK(text_of(first.at("findings").as_array()[0], "rule_id") == "PY-EVAL");
    CHECK(second.at("findings").as_array().empty());
}

TEST_CASE("a failed provider call is logged with its error and model", "[cli][log]") {
    scratch_home home;
    auto r = gen(home, "something nobody recorded");
    REQUIRE(r.exit_code == 3);
    auto rows = logged(home);
    REQUIRE(rows.size() == 1);
    CHECK(text_of(rows[0], "outcome") == "not found");
    CHECK(text_of(rows[0], "error").find("not in cassette") != std::string::npos);
    CHECK(text_of(rows[0], "model") == "demo");
    auto text = run_evo({"log"}, home.options());
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("replay/demo") != std::string::npos);
    CHECK(text.out.find("    error: ") != std::string::npos);
    CHECK(text.out.find("not in cassette") != std::string::npos);
}

TEST_CASE("evo log lists newest first, -n bounds it, a cache hit is a row of its own",
          "[cli][log]") {
    scratch_home home;
    REQUIRE(gen(home, fibonacci).exit_code == 0);
    REQUIRE(gen(home, "something nobody recorded").exit_code == 3);
    REQUIRE(gen(home, fibonacci).exit_code == 0); // from the on-disk cache
    auto rows = logged(home, {"-n", "0"});
    REQUIRE(rows.size() == 3);
    CHECK(text_of(rows[0], "cache") == "hit");
    CHECK(text_of(rows[0], "provider").empty());
    CHECK(text_of(rows[1], "prompt") == "something nobody recorded");
    CHECK(text_of(rows[2], "prompt") == fibonacci);
    CHECK(text_of(rows[2], "cache") == "miss");
    CHECK(logged(home, {"-n", "2"}).size() == 2);
    CHECK(logged(home).size() == 3); // default 20

    auto text = run_evo({"log", "-n", "1"}, home.options());
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find("(cache hit)") != std::string::npos);
    CHECK(text.out.find("nobody") == std::string::npos);
}

TEST_CASE("evo log TEXT finds by words of the prompt and of the response", "[cli][log]") {
    scratch_home home;
    REQUIRE(gen(home, fibonacci).exit_code == 0);
    REQUIRE(gen(home, calculator).exit_code == 0);
    auto by_prompt = logged(home, {"Fibonacci"});
    REQUIRE(by_prompt.size() == 1);
    CHECK(text_of(by_prompt[0], "prompt") == fibonacci);
    auto by_response = logged(home, {"iterative"}); // only in the Fibonacci answer
    REQUIRE(by_response.size() == 1);
    CHECK(text_of(by_response[0], "prompt") == fibonacci);
    CHECK(logged(home, {"calculator typed"}).size() == 2); // every word, in any order
    CHECK(logged(home, {"calculator", "Fibonacci"}).empty());
    auto none = run_evo({"log", "xylophone"}, home.options());
    CHECK(none.exit_code == 0);
    CHECK(none.out.find("no logged attempt") != std::string::npos);
}

TEST_CASE("no search text is FTS or SQL syntax", "[cli][log]") {
    scratch_home home;
    REQUIRE(gen(home, fibonacci).exit_code == 0);
    for (const std::string hostile : {"\"", "AND OR", "*", "'; DROP TABLE attempts; --", "fib*",
                                      "NEAR(a b)", "prompt:x", "-", "(", "\"\"\""}) {
        INFO(hostile);
        auto r = run_evo({"log", "--json", hostile}, home.options());
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(json::parse(r.out).is_array());
    }
    CHECK(logged(home).size() == 1); // nothing dropped
}

TEST_CASE("a run with --no-log or EVO_LOG=off writes nothing", "[cli][log]") {
    scratch_home home;
    REQUIRE(gen(home, fibonacci, {"--no-log"}).exit_code == 0);
    auto off = home.options();
    off.env["EVO_LOG"] = "off";
    REQUIRE(gen(home, fibonacci, {}, off).exit_code == 0);
    auto batch_file = home.dir.write("requests.jsonl", "{\"prompt\": \"" + fibonacci + "\"}\n");
    REQUIRE(
        run_evo({"-m", offline_manifest, "batch", "--no-log", batch_file.string()}, home.options())
            .exit_code == 0);
    CHECK(!std::filesystem::exists(home.log()));
    auto r = run_evo({"log"}, home.options());
    CHECK(r.exit_code == 0);
    CHECK(r.out == "no attempts logged yet\n");
}

TEST_CASE("two batch runs at once lose no row", "[cli][log]") {
    scratch_home home;
    std::string lines;
    for (int i = 0; i < 12; ++i)
        lines += "{\"prompt\": \"" + std::string(i % 2 ? fibonacci : calculator) +
                 "\", \"no_cache\": true}\n";
    auto file = home.dir.write("requests.jsonl", lines);
    // Each run has a cache of its own: both make every call.
    auto first_options = home.options(), second_options = home.options();
    first_options.env["XDG_CACHE_HOME"] = home.dir.file("cache1");
    second_options.env["XDG_CACHE_HOME"] = home.dir.file("cache2");
    evo::test::evo_process first({"-m", offline_manifest, "batch", "-j", "4", file.string()},
                                 first_options);
    evo::test::evo_process second({"-m", offline_manifest, "batch", "-j", "4", file.string()},
                                  second_options);
    auto a = first.wait(), b = second.wait();
    INFO(a.err << b.err);
    REQUIRE(a.exit_code == 0);
    REQUIRE(b.exit_code == 0);
    CHECK(a.err.find("attempt log") == std::string::npos);
    CHECK(b.err.find("attempt log") == std::string::npos);
    auto rows = logged(home, {"-n", "0"});
    std::map<std::string, int> per_run;
    for (const auto& row : rows) {
        CHECK(text_of(row, "command") == "batch");
        ++per_run[text_of(row, "run")];
    }
    REQUIRE(per_run.size() == 2);
    for (const auto& [run, count] : per_run)
        CHECK(count == 6 * 2 + 6); // a calculator takes two rounds, a Fibonacci one
}

TEST_CASE("a corrupt or foreign logs.db is named in one line and left as it was", "[cli][log]") {
    scratch_home home;
    const std::string garbage = "this is not an SQLite database, whatever its name says\n";
    auto file = home.dir.write("data/evo/logs.db", garbage);
    auto r = run_evo({"log"}, home.options());
    CHECK(r.exit_code == 3);
    REQUIRE(r.err_lines().size() == 1);
    CHECK(r.err.rfind("evo: error: " + file.string() + ": ", 0) == 0);
    auto g = gen(home, fibonacci); // the run itself goes on, with one warning
    CHECK(g.exit_code == 0);
    CHECK(g.err.find(file.string()) != std::string::npos);
    CHECK(file_bytes(file) == garbage);
    CHECK(!std::filesystem::exists(file.string() + "-wal"));
}

TEST_CASE("a FIFO named logs.db is refused, never waited on", "[cli][log]") {
    scratch_home home;
    auto file = home.dir.write("data/evo/logs.db", "");
    std::filesystem::remove(file);
    REQUIRE(mkfifo(file.c_str(), 0600) == 0);
    auto r = run_evo({"log"}, home.options()); // before: SQLite waited on the FIFO for ever
    CHECK(r.exit_code == 3);
    REQUIRE(r.err_lines().size() == 1);
    CHECK(r.err.find(file.string() + ": not a regular file") != std::string::npos);
    auto g = gen(home, fibonacci); // the run itself goes on, with one warning
    CHECK(g.exit_code == 0);
    CHECK(g.err.find(file.string() + ": not a regular file") != std::string::npos);
}

TEST_CASE("another program's database named logs.db is refused and left as it was", "[cli][log]") {
    scratch_home home;
    home.dir.write("data/evo/logs.db", ""); // an empty file is an empty database to SQLite
    REQUIRE(evo::test::store_sql::exec(home.log(), "CREATE TABLE notes (text TEXT);"
                                                   "INSERT INTO notes VALUES ('mine');")
                .empty());
    const std::string before = file_bytes(home.log());
    auto r = run_evo({"log", "--json"}, home.options());
    CHECK(r.exit_code == 3);
    REQUIRE(r.err_lines().size() == 1);
    CHECK(r.err.find(home.log().string() + ": not an evo attempt log") != std::string::npos);
    auto g = gen(home, fibonacci);
    CHECK(g.exit_code == 0);
    CHECK(g.err.find("not an evo attempt log") != std::string::npos);
    CHECK(file_bytes(home.log()) == before);
    CHECK(evo::test::store_sql::query(home.log(), "SELECT text FROM notes").size() == 1);
}
