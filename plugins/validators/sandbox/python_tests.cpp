#include "python_tests.hpp"

#include <boost/json.hpp>

#include <string_view>

namespace evo_sandbox {
namespace {

std::string string_field(const boost::json::object& line, std::string_view key) {
    const boost::json::value* v = line.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// How a run that never said "done" ended.
std::string unfinished(const evo::process_output& run, const std::string& running) {
    std::string how = run.term_signal ? "was killed by signal " + std::to_string(run.term_signal)
                                      : "ended with exit status " + std::to_string(run.exit_code);
    return "the test run " + how + (running.empty() ? "" : " during " + running) +
           " before it finished";
}

} // namespace

test_report read_python_run(const evo::process_output& run) {
    test_report report;
    bool done = false;
    std::string running; // the test that started last and has no result yet
    std::string_view rest = run.out;
    while (!rest.empty()) {
        const std::string_view text = rest.substr(0, rest.find('\n'));
        rest.remove_prefix(std::min(rest.size(), text.size() + 1));
        boost::system::error_code ec;
        boost::json::value parsed = boost::json::parse(text, ec);
        if (ec || !parsed.is_object()) continue; // the harness writes nothing else; be lenient
        const boost::json::object& line = parsed.as_object();
        if (line.contains("error")) {
            const std::string kind = string_field(line, "error");
            report.did_not_run = {kind == "import"
                                      ? "the tests could not be imported"
                                      : "no tests found in " + std::string(python_tests_file) +
                                            " (test_* functions or unittest.TestCase classes)",
                                  string_field(line, "output")};
            return report;
        }
        if (line.contains("started")) running = string_field(line, "started");
        if (line.contains("test")) {
            running.clear();
            const boost::json::value* passed = line.if_contains("passed");
            if (!passed || !passed->is_bool() || !passed->get_bool())
                report.failed.push_back({string_field(line, "test"), string_field(line, "output")});
        }
        if (line.contains("done")) done = true;
    }
    if (!done && !run.timed_out) report.did_not_run = {unfinished(run, running), run.err};
    return report;
}

} // namespace evo_sandbox
