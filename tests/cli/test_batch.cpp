// evo batch through the real binary on the offline manifest (its replay cassette answers the
// recorded prompts and fails any other): results in input order with gen's JSON, the worst
// outcome as the exit code, bad lines refused before any request is sent, stdin input.
#include "cli_assertions.hpp"
#include "cli_test_paths.hpp"
#include "evo_runner.hpp"
#include "scratch_dir.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <sstream>
#include <vector>

namespace {

namespace json = boost::json;
using evo::test::run_evo;
using evo::test::run_options;

const std::string offline_manifest = EVO_OFFLINE_MANIFEST;

const std::string rfc3339 = "a Python function that parses RFC 3339 dates";
const std::string fibonacci = "a Python function that returns the n-th Fibonacci number";
const std::string count_lines =
    "a shell script that counts lines in every *.txt file of a directory";
const std::string calculator = "a Python calculator that evaluates an expression typed by the user";

std::vector<json::object> result_lines(const std::string& out) {
    std::vector<json::object> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        lines.push_back(evo::test::json_object(line));
    return lines;
}

// A cache of the test's own, so no run is answered by another's.
run_options isolated(const evo::test::scratch_dir& dir) {
    run_options options;
    options.env["XDG_CACHE_HOME"] = dir.file("cache");
    return options;
}

std::string request(const std::string& prompt, const std::string& extra = "") {
    return "{\"prompt\": " + json::serialize(json::value(prompt)) + extra + "}\n";
}

} // namespace

TEST_CASE("batch writes one gen result per request, in input order", "[cli][batch]") {
    evo::test::scratch_dir dir;
    auto file = dir.write("requests.jsonl",
                          request(calculator, ", \"id\": \"calc\"") +
                              request(rfc3339, ", \"no_cache\": true") + "\n" +
                              request(count_lines, ", \"language\": \"shell\", \"id\": 4") +
                              request(fibonacci));
    auto r = run_evo({"-m", offline_manifest, "batch", file.string()}, isolated(dir));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto lines = result_lines(r.out);
    REQUIRE(lines.size() == 4);
    for (const auto& line : lines)
        CHECK(line.at("outcome").as_string() == "passed");
    // Input order, whichever finished first; line numbers count the blank line.
    CHECK(lines[0].at("line").to_number<int>() == 1);
    CHECK(lines[1].at("line").to_number<int>() == 2);
    CHECK(lines[2].at("line").to_number<int>() == 4);
    CHECK(lines[3].at("line").to_number<int>() == 5);
    CHECK(lines[0].at("id").as_string() == "calc");
    CHECK(lines[2].at("id").to_number<int>() == 4);
    CHECK(!lines[1].contains("id"));
    // gen's object: the calculator was repaired on its second attempt.
    CHECK(lines[0].at("attempts").as_array().size() == 2);
    CHECK(std::string(lines[0].at("code").as_string()).find("return eval(") == std::string::npos);
    CHECK(std::string(lines[1].at("code").as_string()).find("def parse_rfc3339(") !=
          std::string::npos);
    CHECK(lines[2].at("language").as_string() == "shell");
    CHECK(lines[3].at("language").as_string() == "python");
    for (const auto& line : lines) {
        CHECK(line.contains("cache_hit"));
        CHECK(line.contains("findings"));
    }
}

TEST_CASE("a request the cassette lacks is provider_failed and exit 3; the others still come out",
          "[cli][batch]") {
    evo::test::scratch_dir dir;
    auto file =
        dir.write("requests.jsonl", request(rfc3339) +
                                        request("something nobody recorded", ", \"id\": \"lost\"") +
                                        request(fibonacci));
    auto r = run_evo({"-m", offline_manifest, "batch", file.string()}, isolated(dir));
    INFO(r.err);
    REQUIRE(r.exit_code == 3);
    auto lines = result_lines(r.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].at("outcome").as_string() == "passed");
    CHECK(lines[1].at("outcome").as_string() == "provider_failed");
    CHECK(lines[1].at("id").as_string() == "lost");
    CHECK(std::string(lines[1].at("error").as_string()).find("not in cassette") !=
          std::string::npos);
    CHECK(lines[2].at("outcome").as_string() == "passed");
}

TEST_CASE("a malformed line exits 2 naming FILE:LINE, and nothing is sent", "[cli][batch]") {
    evo::test::scratch_dir dir;
    // The first line, if it were sent, would make the replay provider warn on stderr.
    const std::string unsent = request("something nobody recorded");
    auto [bad_line, what] = GENERATE(table<std::string, std::string>({
        {"{\"prompt\": \"x\"", "not JSON"},
        {"[\"a list\"]", "not a JSON object"},
        {"{\"id\": \"no prompt\"}", "no \"prompt\""},
        {"{\"prompt\": 42}", "\"prompt\" is not a string"},
        {"{\"prompt\": \"x\", \"temperature\": 1}", "unknown key \"temperature\""},
    }));
    auto file = dir.write("requests.jsonl", unsent + "\n" + bad_line + "\n" + request(rfc3339));
    auto r = run_evo({"-m", offline_manifest, "batch", file.string()}, isolated(dir));
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("evo: error: " + file.string() + ":3: " + what) != std::string::npos);
    CHECK(r.err.find("not in cassette") == std::string::npos);
}

TEST_CASE("batch - reads the requests from stdin", "[cli][batch]") {
    evo::test::scratch_dir dir;
    auto options = isolated(dir);
    options.stdin_file =
        dir.write("stdin.jsonl", request(fibonacci, ", \"id\": \"fib\"") + request(rfc3339));
    auto r = run_evo({"-m", offline_manifest, "batch", "-"}, options);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto lines = result_lines(r.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].at("id").as_string() == "fib");
    CHECK(std::string(lines[1].at("code").as_string()).find("def parse_rfc3339(") !=
          std::string::npos);

    options.stdin_file = dir.write("bad.jsonl", "not json\n");
    auto bad = run_evo({"-m", offline_manifest, "batch", "-"}, options);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("<stdin>:1: not JSON") != std::string::npos);
}
