#include "reference_compiler.hpp"

#include "scratch_dir.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace evo::test {
namespace {

constexpr const char* reference_python = "/usr/bin/python3.11";

// One JSON line per file listed in argv[1]. Free of single quotes: the shell passes it in
// single quotes.
constexpr const char* compile_each_file = R"(import json, sys
for path in open(sys.argv[1], encoding="utf-8").read().splitlines():
    try:
        compile(open(path, "rb").read(), path, "exec", dont_inherit=True)
        verdict = {"compiled": True}
    except SyntaxError as e:
        verdict = {"compiled": False, "syntax_error": True, "class": type(e).__name__,
                   "message": str(e.msg), "line": e.lineno or 0, "column": e.offset or 0}
    except Exception as e:
        verdict = {"compiled": False, "syntax_error": False, "class": type(e).__name__,
                   "message": str(e), "line": 0, "column": 0}
    print(json.dumps(verdict))
)";

struct pipe_closer {
    void operator()(FILE* pipe) const { pclose(pipe); }
};

// Runs the reference interpreter on `script` and returns its standard output.
std::string run_reference(const std::string& script, const std::string& argument) {
    const std::string command =
        std::string(reference_python) + " -I -W ignore -c '" + script + "' '" + argument + "'";
    std::unique_ptr<FILE, pipe_closer> pipe(popen(command.c_str(), "r"));
    if (!pipe) throw std::runtime_error("cannot run " + std::string(reference_python));
    std::string output;
    char buffer[65536];
    while (std::size_t got = std::fread(buffer, 1, sizeof buffer, pipe.get()))
        output.append(buffer, got);
    return output;
}

reference_verdict parse_verdict(const boost::json::object& line) {
    reference_verdict verdict;
    verdict.compiled = line.at("compiled").as_bool();
    if (verdict.compiled) return verdict;
    verdict.syntax_error = line.at("syntax_error").as_bool();
    verdict.error_class = line.at("class").as_string().c_str();
    verdict.message = line.at("message").as_string().c_str();
    verdict.line = static_cast<int>(line.at("line").as_int64());
    verdict.column = static_cast<int>(line.at("column").as_int64());
    return verdict;
}

} // namespace

std::vector<reference_verdict> reference_verdicts(const std::vector<std::filesystem::path>& files) {
    scratch_dir scratch;
    const std::filesystem::path list = scratch.path() / "files.txt";
    {
        std::ofstream out(list);
        for (const auto& file : files)
            out << file.string() << '\n';
    }
    const std::string output = run_reference(compile_each_file, list.string());
    std::vector<reference_verdict> verdicts;
    std::size_t start = 0;
    while (start < output.size()) {
        const std::size_t end = output.find('\n', start);
        verdicts.push_back(
            parse_verdict(boost::json::parse(output.substr(start, end - start)).as_object()));
        start = end == std::string::npos ? output.size() : end + 1;
    }
    if (verdicts.size() != files.size())
        throw std::runtime_error("the reference interpreter answered for " +
                                 std::to_string(verdicts.size()) + " of " +
                                 std::to_string(files.size()) + " files");
    return verdicts;
}

std::string reference_version() {
    std::string version = run_reference("import platform; print(platform.python_version())", "");
    while (!version.empty() && version.back() == '\n')
        version.pop_back();
    return version;
}

std::optional<reported_finding> expected_finding(const reference_verdict& verdict) {
    if (verdict.compiled) return std::nullopt;
    reported_finding finding;
    finding.severity = EVO_SEVERITY_HIGH;
    finding.confidence = EVO_SEVERITY_HIGH;
    finding.message = verdict.message.empty() ? verdict.error_class
                                              : verdict.error_class + ": " + verdict.message;
    if (verdict.syntax_error) {
        finding.rule_id = "PY-SYNTAX";
        finding.line = static_cast<uint32_t>(verdict.line);
        finding.column = static_cast<uint32_t>(verdict.column);
    } else if (verdict.message == "source code string cannot contain null bytes") {
        finding.rule_id = "PY-SYNTAX-NUL";
    } else {
        finding.rule_id = "PY-COMPILER-ERROR";
    }
    return finding;
}

} // namespace evo::test
