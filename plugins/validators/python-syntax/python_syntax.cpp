// python-syntax: judges Python as CPython 3.11's compiler does (full compile, not only the
// parser), in a pool of python3.11 worker processes running evo's worker module, so that no
// input can crash the host and every core compiles.
#include "findings.hpp"
#include "worker_location.hpp"
#include "worker_pool.hpp"

#include <evo/plugin.hpp>

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <optional>
#include <thread>

namespace {

using namespace evo::python_syntax;
using std::chrono::milliseconds;

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    "workers": {"type": "integer", "minimum": 1, "maximum": 1024,
                "description": "worker processes; default: the number of usable CPUs"},
    "timeout_ms": {"type": "integer", "minimum": 1, "default": 10000,
                   "description": "longest a worker may spend on one source"},
    "memory_limit_mb": {"type": "integer", "minimum": 0, "default": 1024,
                        "description": "address-space limit of each worker; 0: none"},
    "python": {"type": "string",
               "description": "absolute path of the python3.11 whose compiler judges; default: the one evo was built against"},
    "worker": {"type": "string", "format": "path",
               "description": "the worker module; default: the one installed with the plugin"},
    "sandbox": {"type": "boolean", "default": true,
                "description": "run each worker in the host's sandbox without network or files beyond the system's and the worker's"}
  },
  "additionalProperties": false
})";

std::size_t usable_cpus() {
    cpu_set_t cpus;
    if (sched_getaffinity(0, sizeof cpus, &cpus) == 0) return std::max(CPU_COUNT(&cpus), 1);
    return std::max(std::thread::hardware_concurrency(), 1u);
}

// The host's deadline for this call, on the clock the workers are timed with.
steady_clock::time_point call_deadline(const evo::call& call) {
    if (call.deadline_unix_ms() == 0) return steady_clock::time_point::max();
    const auto now_unix = std::chrono::system_clock::now().time_since_epoch();
    return steady_clock::now() + (milliseconds(call.deadline_unix_ms()) - now_unix);
}

// Refuses, at creation, an interpreter or a worker module that cannot be used, so that a
// manifest check finds the mistake before any file is judged.
worker_options usable(worker_options options) {
    const auto refuse = [](const std::string& what) {
        const int error = errno;
        throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                         "python-syntax: cannot " + what + ": " + std::strerror(error));
    };
    if (access(options.python.c_str(), X_OK) != 0) refuse("run the interpreter " + options.python);
    if (access(options.module.c_str(), R_OK) != 0)
        refuse("read the worker module " + options.module);
    return options;
}

// Wraps each worker's command line in the host's sandbox, asked for when a worker starts:
// like the validators that run tools through run_process, a missing bubblewrap fails the
// calls that need it (never the host's start-up), and nothing then runs unsandboxed.
std::function<std::vector<std::string>(const std::vector<std::string>&)>
in_sandbox(evo::host_services host, const worker_options& options) {
    // What the worker needs beyond the system, each file alone (a module configured at
    // /evo.so must not bind the whole root): the worker module, and an interpreter outside
    // /usr (the host skips what its sandbox shows anyway). Such an interpreter's own library
    // is not bound: it needs `sandbox = false`.
    const std::vector<std::string> binds{options.module, options.python};
    return [host, binds](const std::vector<std::string>& command) {
        const std::string way_out = "; `sandbox = false` under [plugins.python-syntax] runs the workers unsandboxed";
        std::optional<std::vector<std::string>> sandboxed;
        try {
            sandboxed = host.sandbox_command(command, binds);
        } catch (const evo::error& e) {
            throw evo::error(e.status(), "python-syntax: cannot start a worker in the sandbox: " +
                                             std::string(e.what()) + way_out);
        }
        if (!sandboxed)
            throw evo::error(EVO_ERR_UNAVAILABLE,
                             "python-syntax: this evo offers plugins no sandbox (ABI 1.0 host)" + way_out);
        return *sandboxed;
    };
}

worker_options sandboxed_if(bool sandbox, evo::host_services host, worker_options options) {
    if (sandbox) options.wrap = in_sandbox(host, options);
    return options;
}

class python_syntax final : public evo::validator {
  public:
    static constexpr evo::plugin_info info{
        "python-syntax", "1.0.0", "Python judged as CPython 3.11's compiler judges it", schema,
        EVO_FLAG_THREAD_SAFE};
    static constexpr evo::language languages[] = {
        {.name = "python", .aliases = "py,python3", .extensions = ".py,.pyw", .interpreters = "python"}};
    static constexpr evo::rule rules[] = {
        {"PY-SYNTAX", EVO_SEVERITY_HIGH, "", "the code does not compile: a syntax or indentation error"},
        {"PY-SYNTAX-NUL", EVO_SEVERITY_HIGH, "", "the source holds a NUL byte, which Python refuses"},
        {"PY-COMPILER-ERROR", EVO_SEVERITY_HIGH, "",
         "the compiler failed on the source (e.g. a MemoryError or RecursionError)"},
        {"PY-COMPILER-CRASH", EVO_SEVERITY_HIGH, "", "the compiler's worker process crashed on the source"}};

    python_syntax(evo::host_services host, const boost::json::object& config)
        : host_(host), python_(evo::config_value<std::string>(config, "python", default_python())),
          timeout_(evo::config_value<uint32_t>(config, "timeout_ms", 10000)),
          memory_limit_mb_(evo::config_value<uint64_t>(config, "memory_limit_mb", 1024)),
          workers_(sandboxed_if(evo::config_value<bool>(config, "sandbox", true), host,
                                usable({python_,
                                        evo::config_value<std::string>(config, "worker", bundled_worker_path()),
                                        memory_limit_mb_,
                                        {}, {}})),
                   evo::config_value<std::size_t>(config, "workers", usable_cpus())) {}

    // What judges: the interpreter whose compiler the workers run ("Python 3.11.2").
    std::string identity() {
        return identity_.get([&] { return evo::tool_version(host_, {python_, "--version"}); });
    }
    std::vector<std::string> identity_files() const { return evo::program_files(python_); }

    void validate(const evo::call& call, const evo::source& source,
                  const evo::finding_sink& out) override {
        const auto deadline = call_deadline(call);
        const exchange result =
            workers_.judge(source.text, source.path.empty() ? "<string>" : source.path, timeout_,
                           {deadline, [&call] { return call.cancelled(); }});
        if (result.state == exchange::status::timed_out && steady_clock::now() >= deadline)
            throw evo::error(EVO_ERR_TIMEOUT, "the call's deadline passed during compilation");
        if (auto finding = finding_for(result, source.text.size(), {timeout_, memory_limit_mb_})) out.report(*finding);
    }

  private:
    evo::host_services host_;
    std::string python_;
    milliseconds timeout_;
    uint64_t memory_limit_mb_;
    worker_pool workers_;
    evo::once_value<std::string> identity_;
};

} // namespace

EVO_VALIDATOR_PLUGIN(python_syntax)
