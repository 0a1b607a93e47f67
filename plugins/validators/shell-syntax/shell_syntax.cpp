// shell-syntax: judges shell scripts as bash itself does, with `bash -n`.
#include <evo/plugin.hpp>

#include <charconv>
#include <regex>

namespace {

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    "bash": {"type": "string", "description": "the bash to run", "default": "bash"},
    "timeout_ms": {"type": "integer", "minimum": 1, "default": 10000}
  },
  "additionalProperties": false
})";

class shell_syntax final : public evo::validator {
public:
    static constexpr evo::plugin_info info{"shell-syntax", "1.0.0",
                                           "shell syntax as `bash -n` judges it", schema,
                                           EVO_FLAG_THREAD_SAFE, "shell,bash,sh"};

    shell_syntax(evo::host host, const boost::json::object& config)
        : host_(host),
          bash_(evo::config_value<std::string>(config, "bash", "bash")),
          timeout_ms_(evo::config_value<uint32_t>(config, "timeout_ms", 10000)) {}

    void validate(const evo::call& c, const evo::source& src, const evo::finding_sink& out) override {
        if (src.text.find('\0') != std::string_view::npos) {
            out.report({"SH-SYNTAX-NUL", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 1, 0,
                        "the script contains a NUL byte", "", ""});
            return;
        }
        evo::process_limits limits;
        limits.timeout_ms = timeout_ms_;
        auto result = host_.run(c, {bash_, "-n"}, src.text, limits);
        if (result.timed_out) {
            out.report({"SH-SYNTAX-TIMEOUT", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 0, 0,
                        "bash -n did not finish in time", "", ""});
            return;
        }
        if (result.exit_code == 0) return;
        report_errors(result.err, out);
    }

private:
    // bash prints "bash: line N: message" for each error on stdin, then "bash: line N: `source'".
    static void report_errors(const std::string& err, const evo::finding_sink& out) {
        static const std::regex line_re(R"(line (\d+): (.*))");
        bool any = false;
        std::size_t start = 0;
        while (start < err.size()) {
            std::size_t end = err.find('\n', start);
            if (end == std::string::npos) end = err.size();
            std::string line = err.substr(start, end - start);
            start = end + 1;
            std::smatch m;
            if (!std::regex_search(line, m, line_re)) continue;
            if (m[2].str().starts_with('`')) continue; // bash echoes the offending source line
            uint32_t number = 0;
            std::from_chars(m[1].first.base(), m[1].second.base(), number);
            out.report({"SH-SYNTAX", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, number, 0, m[2].str(), "", ""});
            any = true;
        }
        if (!any)
            out.report({"SH-SYNTAX", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 0, 0,
                        err.empty() ? "bash -n rejected the script" : err, "", ""});
    }

    evo::host host_;
    std::string bash_;
    uint32_t timeout_ms_;
};

} // namespace

EVO_VALIDATOR_PLUGIN(shell_syntax)
