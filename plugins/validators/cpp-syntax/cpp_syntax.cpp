// cpp-syntax: C++ as the compiler judges it with -fsyntax-only (the whole front end:
// templates, overloads and constant evaluation included), within a time limit.
#include "compiler_diagnostics.hpp"

#include <evo/plugin.hpp>

namespace {

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    "compiler": {"type": "string", "description": "the GCC or Clang driver to run", "default": "c++"},
    "std": {"type": "string", "description": "the language standard, as in -std=", "default": "c++20"},
    "flags": {"type": "array", "items": {"type": "string"}, "description": "extra compiler flags", "default": []},
    "warnings": {"type": "boolean", "description": "report -Wall warnings as LOW findings", "default": false},
    "sandbox": {"type": "boolean", "description": "run the compiler in the host's sandbox: no network, no home, no secrets", "default": true},
    "timeout_ms": {"type": "integer", "minimum": 1, "default": 20000}
  },
  "additionalProperties": false
})";

class cpp_syntax final : public evo::validator {
  public:
    static constexpr evo::plugin_info info{
        "cpp-syntax", "1.0.0", "C++ as the compiler's -fsyntax-only judges it", schema,
        EVO_FLAG_THREAD_SAFE};
    static constexpr evo::language languages[] = {
        {.name = "cpp", .aliases = "c++,cxx,cc,hpp", .extensions = ".cpp,.cc,.cxx,.hpp,.hh,.hxx"}};
    static constexpr evo::rule rules[] = {
        {"CPP-SYNTAX", EVO_SEVERITY_HIGH, "", "the compiler's -fsyntax-only reports an error"},
        {"CPP-SYNTAX-NUL", EVO_SEVERITY_HIGH, "", "the source holds a NUL byte"},
        {"CPP-SYNTAX-TIMEOUT", EVO_SEVERITY_HIGH, "", "the compiler did not finish in time"},
        {"CPP-WARNING", EVO_SEVERITY_LOW, "",
         "a compiler warning (with warnings on); its external id is the warning's -W flag"}};

    cpp_syntax(evo::host_services host, const boost::json::object& config)
        : host_(host), timeout_ms_(evo::config_value<uint32_t>(config, "timeout_ms", 20000)),
          sandbox_(evo::config_value<bool>(config, "sandbox", true)) {
        settings_.compiler = evo::config_value<std::string>(config, "compiler", "c++");
        settings_.standard = evo::config_value<std::string>(config, "std", "c++20");
        settings_.flags = evo::config_value<std::vector<std::string>>(config, "flags", {});
        settings_.warnings = evo::config_value<bool>(config, "warnings", false);
    }

    // What judges: the compiler, by the first line of --version ("c++ (Debian 12.2.0-14) 12.2.0").
    std::string identity() {
        return identity_.get([&] { return evo::tool_version(host_, {settings_.compiler, "--version"}); });
    }
    // The driver as found on PATH (a stamp follows its symlinks to the versioned binary).
    std::vector<std::string> identity_files() const { return evo::program_files(settings_.compiler); }

    void validate(const evo::call& c, const evo::source& src,
                  const evo::finding_sink& out) override {
        // Compilers skip NUL bytes with a mere warning; generated code holding one is broken.
        if (src.text.find('\0') != std::string_view::npos) {
            out.report({"CPP-SYNTAX-NUL", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 0, 0,
                        "the source contains a NUL byte", "", ""});
            return;
        }
        const evo::process_output result = compile(c, src.text);
        if (result.timed_out) {
            out.report({"CPP-SYNTAX-TIMEOUT", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 0, 0,
                        "the compiler did not finish within " + std::to_string(timeout_ms_) + " ms",
                        "simplify templates and constant evaluation, or raise timeout_ms", ""});
            return;
        }
        for (const evo::finding& f :
             evo::cpp::judge(result.exit_code, result.term_signal, result.err, settings_.warnings))
            out.report(f);
    }

  private:
    evo::process_output compile(const evo::call& c, std::string_view source) const {
        evo::process_limits limits;
        limits.timeout_ms = timeout_ms_;
        // Generated code can #include any file the compiler can read and have a diagnostic
        // quote it: the source goes in on stdin and the compiler sees only the system's files.
        limits.sandbox = sandbox_;
        try {
            return host_.run(c, evo::cpp::compiler_arguments(settings_), source, limits);
        } catch (const evo::error& e) {
            if (e.status() == EVO_ERR_CANCELLED || e.status() == EVO_ERR_TIMEOUT) throw;
            throw evo::error(EVO_ERR_UNAVAILABLE,
                             "cannot run the compiler '" + settings_.compiler + "': " + e.what());
        }
    }

    evo::host_services host_;
    evo::cpp::compiler_settings settings_;
    uint32_t timeout_ms_;
    bool sandbox_;
    evo::once_value<std::string> identity_;
};

} // namespace

EVO_VALIDATOR_PLUGIN(cpp_syntax)
