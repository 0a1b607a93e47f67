// shell-syntax: judges shell scripts as bash itself does, with `bash -n`.
#include <evo/plugin.hpp>

#include <charconv>
#include <algorithm>
#include <string_view>

namespace {

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    "bash": {"type": "string", "description": "the bash to run", "default": "bash"},
    "sandbox": {"type": "boolean", "description": "run bash in the host's sandbox: no network, no home, no secrets", "default": true},
    "timeout_ms": {"type": "integer", "minimum": 1, "default": 10000}
  },
  "additionalProperties": false
})";

class shell_syntax final : public evo::validator {
public:
    static constexpr evo::plugin_info info{"shell-syntax", "1.0.0",
                                           "shell syntax as `bash -n` judges it", schema,
                                           EVO_FLAG_THREAD_SAFE};
    static constexpr evo::language languages[] = {
        {.name = "shell", .aliases = "sh,bash", .extensions = ".sh,.bash", .interpreters = "sh,bash,dash,ksh"}};

    shell_syntax(evo::host_services host, const boost::json::object& config)
        : host_(host),
          bash_(evo::config_value<std::string>(config, "bash", "bash")),
          timeout_ms_(evo::config_value<uint32_t>(config, "timeout_ms", 10000)),
          sandbox_(evo::config_value<bool>(config, "sandbox", true)) {}

    // What judges: the bash that runs, by its own words ("GNU bash, version 5.2.15(1)-release").
    std::string identity() {
        return identity_.get([&] { return evo::tool_version(host_, {bash_, "--version"}); });
    }
    // The bash that identity() asked, as found on PATH: while it stays, so does the identity.
    std::vector<std::string> identity_files() const { return evo::program_files(bash_); }

    void validate(const evo::call& c, const evo::source& src, const evo::finding_sink& out) override {
        if (src.text.find('\0') != std::string_view::npos) {
            out.report({"SH-SYNTAX-NUL", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 1, 0,
                        "the script contains a NUL byte", "", ""});
            return;
        }
        evo::process_limits limits;
        limits.timeout_ms = timeout_ms_;
        limits.sandbox = sandbox_; // the script reaches bash on stdin, never as a path
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
        bool any = false;
        std::string_view rest(err);
        while (!rest.empty()) {
            std::string_view line = rest.substr(0, rest.find('\n'));
            rest.remove_prefix(std::min(rest.size(), line.size() + 1));
            auto at = line.find("line ");
            if (at == std::string_view::npos) continue;
            line.remove_prefix(at + 5);
            uint32_t number = 0;
            auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), number);
            std::string_view message(end, static_cast<std::size_t>(line.data() + line.size() - end));
            if (ec != std::errc() || !message.starts_with(": ")) continue;
            message.remove_prefix(2);
            if (message.starts_with('`')) continue; // bash echoes the offending source line
            out.report({"SH-SYNTAX", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, number, 0, std::string(message), "", ""});
            any = true;
        }
        if (!any)
            out.report({"SH-SYNTAX", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 0, 0,
                        err.empty() ? "bash -n rejected the script" : err, "", ""});
    }

    evo::host_services host_;
    std::string bash_;
    uint32_t timeout_ms_;
    bool sandbox_;
    evo::once_value<std::string> identity_;
};

} // namespace

EVO_VALIDATOR_PLUGIN(shell_syntax)
