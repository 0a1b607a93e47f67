// sandbox: runs the tests that come with generated code, in the host's sandbox, and reports
// each failing test. Code is judged by what it does, not only by how it reads.
#include "output_tail.hpp"
#include "python_tests.hpp"
#include "shell_tests.hpp"

#include <evo/plugin.hpp>

#include <string>
#include <string_view>

namespace evo_sandbox {
namespace {

constexpr const char* schema = R"json({
  "type": "object",
  "properties": {
    "timeout_seconds": {"type": "integer", "minimum": 1, "maximum": 3600, "default": 30,
                        "description": "wall clock for the whole test run; past it the run is killed"},
    "memory_mb": {"type": "integer", "minimum": 64, "maximum": 1048576, "default": 1024,
                  "description": "address space of each process of the run"},
    "python": {"type": "string", "default": "python3",
               "description": "the Python interpreter, as the sandbox finds it (its PATH holds only /usr)"},
    "bash": {"type": "string", "default": "bash", "description": "the bash that runs shell tests"}
  },
  "additionalProperties": false
})json";

constexpr const char* test_failed_hint =
    "make the program pass this test; change the test only if it contradicts the request";

std::string failure_message(const failed_test& test) {
    const std::string tail = output_tail(test.output);
    return "test " + test.name + " failed:\n" + (tail.empty() ? "(no output)" : tail);
}

std::string did_not_run_message(const tests_did_not_run& why) {
    const std::string tail = output_tail(why.output);
    return tail.empty() ? why.why : why.why + ":\n" + tail;
}

class sandbox_validator final : public evo::validator {
  public:
    static constexpr evo::plugin_info info{
        "sandbox",
        "1.0.0",
        "runs the tests that come with generated code in the host's sandbox",
        schema,
        EVO_FLAG_THREAD_SAFE | EVO_FLAG_RUNS_TESTS,
        2}; // evo_source.tests and run_process files are ABI 1.2
    // The languages whose tests it runs, each with its command contract: the files validate()
    // runs (command_contracts.hpp).
    static constexpr evo::language languages[] = {python_language, shell_language};
    static constexpr evo::rule rules[] = {
        {"SANDBOX-TEST-FAILED", EVO_SEVERITY_HIGH, "", "a test that came with the code failed in the sandbox (one finding per test)"},
        {"SANDBOX-TESTS-DID-NOT-RUN", EVO_SEVERITY_HIGH, "", "the tests did not run to the end (no tests collected, a crash, the time limit)"}};

    sandbox_validator(evo::host_services host, const boost::json::object& config)
        : host_(host), timeout_seconds_(evo::config_value<uint32_t>(config, "timeout_seconds", 30)),
          memory_mb_(evo::config_value<uint64_t>(config, "memory_mb", 1024)),
          python_(evo::config_value<std::string>(config, "python", "python3")),
          bash_(evo::config_value<std::string>(config, "bash", "bash")) {}

    // What runs the tests: the interpreters, by their own words.
    std::string identity() {
        return identity_.get([&] {
            return evo::tool_version(host_, {python_, "--version"}) + "; " +
                   evo::tool_version(host_, {bash_, "--version"});
        });
    }
    std::vector<std::string> identity_files() const {
        std::vector<std::string> files = evo::program_files(python_);
        for (auto& f : evo::program_files(bash_)) files.push_back(std::move(f));
        return files;
    }

    void validate(const evo::call& c, const evo::source& src,
                  const evo::finding_sink& out) override {
        if (src.tests.find_first_not_of(" \t\r\n") == std::string_view::npos)
            throw evo::not_applicable("no tests came with the code");
        const bool python = src.language == "python";
        if (!python && src.language != "shell")
            throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                             "cannot run tests in " + std::string(src.language));
        evo::process_limits limits;
        limits.sandbox = true; // never without: this runs the code
        limits.timeout_ms = timeout_seconds_ * 1000;
        limits.memory_bytes = memory_mb_ << 20;
        const evo::process_output run =
            python ? run_python(c, src, limits) : run_shell(c, src, limits);
        test_report report = python ? read_python_run(run) : read_shell_run(run);
        if (run.timed_out)
            report.did_not_run = {
                "tests did not finish within " + std::to_string(timeout_seconds_) + " s", ""};
        for (const failed_test& test : report.failed)
            out.report({"SANDBOX-TEST-FAILED", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 0, 0,
                        failure_message(test), test_failed_hint, ""});
        if (report.did_not_run)
            out.report({"SANDBOX-TESTS-DID-NOT-RUN", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 0, 0,
                        did_not_run_message(*report.did_not_run),
                        did_not_run_hint(python, run.timed_out), ""});
    }

  private:
    evo::process_output run_python(const evo::call& c, const evo::source& src,
                                   evo::process_limits limits) const {
        limits.files = {{python_code_file, src.text},
                        {python_tests_file, src.tests},
                        {python_harness_file, python_harness}};
        return host_.run(c, {python_, python_harness_file, python_tests_module}, {}, limits);
    }

    evo::process_output run_shell(const evo::call& c, const evo::source& src,
                                  evo::process_limits limits) const {
        limits.files = {{shell_code_file, src.text, true}, {shell_tests_file, src.tests}};
        // One stream, so a failing test's messages stay next to its "not ok" line.
        return host_.run(c,
                         {bash_, "-c", "exec 2>&1; exec \"$0\" \"$1\"", bash_,
                          std::string("./") + shell_tests_file},
                         {}, limits);
    }

    static const char* did_not_run_hint(bool python, bool timed_out) {
        if (timed_out)
            return "make the program and its tests finish promptly: nothing may wait for input, a "
                   "server or the network";
        return python ? "make " EVO_SANDBOX_PYTHON_TESTS
                        " importable, with test_* functions or unittest.TestCase classes that "
                        "import the program as `" EVO_SANDBOX_PYTHON_MODULE
                        "` or run `" EVO_SANDBOX_PYTHON_FILE "`"
                      : "make " EVO_SANDBOX_SHELL_TESTS
                        " run to its end, exiting 0 only when every test passes";
    }

    evo::host_services host_;
    uint32_t timeout_seconds_;
    uint64_t memory_mb_;
    std::string python_;
    std::string bash_;
    evo::once_value<std::string> identity_;
};

} // namespace
} // namespace evo_sandbox

EVO_VALIDATOR_PLUGIN(evo_sandbox::sandbox_validator)
