#include "shell_tests.hpp"

#include <cctype>
#include <string_view>
#include <vector>

namespace evo_sandbox {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

bool starts_with_word(std::string_view line, std::string_view word) {
    return line.starts_with(word) && (line.size() == word.size() || line[word.size()] == ' ');
}

bool is_directive(std::string_view comment, std::string_view word) {
    comment = trim(comment);
    if (comment.size() < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(comment[i])) != word[i]) return false;
    return true;
}

struct tap_result {
    bool failed = false;
    std::string name;
};

// "ok 1 - name", "not ok 2 - name # TODO later", "not ok name"; nullopt-like `false` for others.
bool parse_tap_line(std::string_view line, tap_result& result) {
    const bool failed = starts_with_word(line, "not ok");
    if (!failed && !starts_with_word(line, "ok")) return false;
    std::string_view rest = trim(line.substr(failed ? 6 : 2));
    std::string number;
    while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front()))) {
        number += rest.front();
        rest.remove_prefix(1);
    }
    rest = trim(rest);
    if (rest.starts_with('-')) rest = trim(rest.substr(1));
    std::string_view description = rest;
    // A TODO or SKIP directive: TAP says such a "not ok" is no failure.
    bool excused = false;
    if (const auto hash = rest.find(" #");
        hash != std::string_view::npos || rest.starts_with('#')) {
        const std::size_t at = rest.starts_with('#') ? 0 : hash + 1;
        excused =
            is_directive(rest.substr(at + 1), "TODO") || is_directive(rest.substr(at + 1), "SKIP");
        description = trim(rest.substr(0, at));
    }
    result.failed = failed && !excused;
    result.name = !description.empty() ? std::string(description)
                  : !number.empty()    ? "test " + number
                                       : std::string(shell_tests_file);
    return true;
}

} // namespace

test_report read_shell_run(const evo::process_output& run) {
    test_report report;
    // Each failing test's output: the lines since the previous result line, its own line, and
    // the diagnostics ("# ...") that follow it.
    std::string since_last_result;
    failed_test* collecting = nullptr;
    std::string_view rest = run.out;
    while (!rest.empty()) {
        const std::size_t end = rest.find('\n');
        const std::string_view line = rest.substr(0, end);
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
        tap_result result;
        if (parse_tap_line(line, result)) {
            collecting = nullptr;
            if (result.failed) {
                report.failed.push_back(
                    {result.name, since_last_result + std::string(line) + "\n"});
                collecting = &report.failed.back();
            }
            since_last_result.clear();
            continue;
        }
        if (collecting && line.starts_with('#')) {
            collecting->output.append(line).append("\n");
            continue;
        }
        collecting = nullptr;
        since_last_result.append(line).append("\n");
    }
    if (run.timed_out) return report;
    if (run.term_signal) {
        report.did_not_run = {"the tests were killed by signal " + std::to_string(run.term_signal),
                              run.out};
        return report;
    }
    if (run.exit_code != 0 && report.failed.empty())
        report.failed.push_back({shell_tests_file, run.out});
    return report;
}

} // namespace evo_sandbox
