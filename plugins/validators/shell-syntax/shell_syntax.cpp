// shell-syntax: judges shell scripts as their own shell does, with `-n`: bash for bash and
// for scripts without shebang, dash (or bash --posix) for POSIX sh, zsh and ksh when they are
// installed. The shebang wins over the extension; a shell evo cannot run is not judged.
#include "shell_dialect.hpp"

#include <evo/plugin.hpp>

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <string_view>

namespace {

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    "bash": {"type": "string", "description": "the bash to run", "default": "bash"},
    "dash": {"type": "string", "description": "the POSIX sh for #!/bin/sh scripts; when it is not installed, bash --posix", "default": "dash"},
    "zsh": {"type": "string", "description": "the zsh for .zsh files and zsh shebangs; when it is not installed they are not judged", "default": "zsh"},
    "ksh": {"type": "string", "description": "the ksh for ksh shebangs; when it is not installed they are not judged", "default": "ksh"},
    "sandbox": {"type": "boolean", "description": "run bash in the host's sandbox: no network, no home, no secrets", "default": true},
    "timeout_ms": {"type": "integer", "minimum": 1, "default": 10000}
  },
  "additionalProperties": false
})";

class shell_syntax final : public evo::validator {
  public:
    static constexpr evo::plugin_info info{
        "shell-syntax", "1.0.0",
        "shell syntax as the script's own shell judges it (bash, dash, zsh, ksh -n)", schema,
        EVO_FLAG_THREAD_SAFE};
    // zsh is a language of its own: shell-security and shellcheck, which read bash and POSIX
    // sh, do not declare it and so never judge it as bash.
    static constexpr evo::language languages[] = {
        {.name = "shell",
         .aliases = "sh,bash",
         .extensions = ".sh,.bash",
         .interpreters = "sh,bash,dash,ksh"},
        {.name = "zsh", .extensions = ".zsh", .interpreters = "zsh"}};
    static constexpr evo::rule rules[] = {
        {"SH-SYNTAX", EVO_SEVERITY_HIGH, "", "the script's own shell (-n) finds a syntax error"},
        {"SH-SYNTAX-NUL", EVO_SEVERITY_HIGH, "", "the script holds a NUL byte, which shells do not read"}};

    shell_syntax(evo::host_services host, const boost::json::object& config)
        : host_(host), bash_(evo::config_value<std::string>(config, "bash", "bash")),
          dash_(evo::config_value<std::string>(config, "dash", "dash")),
          zsh_(evo::config_value<std::string>(config, "zsh", "zsh")),
          ksh_(evo::config_value<std::string>(config, "ksh", "ksh")),
          timeout_ms_(evo::config_value<uint32_t>(config, "timeout_ms", 10000)),
          sandbox_(evo::config_value<bool>(config, "sandbox", true)) {}

    // What judges: the bash that runs, by its own words ("GNU bash, version 5.2.15(1)-release"),
    // and which of the other shells are installed (dash has no --version).
    std::string identity() {
        return identity_.get([&] {
            std::string text = evo::tool_version(host_, {bash_, "--version"});
            for (const std::string* shell : {&dash_, &zsh_, &ksh_})
                text += "; " + *shell + (installed(*shell) ? " installed" : " absent");
            return text;
        });
    }
    // The shells that identity() looked for, as found on PATH: while they stay, so does it.
    std::vector<std::string> identity_files() const {
        std::vector<std::string> files;
        for (const std::string* shell : {&bash_, &dash_, &zsh_, &ksh_})
            for (std::string& file : evo::program_files(*shell))
                files.push_back(std::move(file));
        return files;
    }

    void validate(const evo::call& c, const evo::source& src,
                  const evo::finding_sink& out) override {
        if (src.text.find('\0') != std::string_view::npos) {
            out.report({"SH-SYNTAX-NUL", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 1, 0,
                        "the script contains a NUL byte", "", ""});
            return;
        }
        const std::vector<std::string> argv =
            checker(evo::shell::dialect_of(src.text, src.language));
        evo::process_limits limits;
        limits.timeout_ms = timeout_ms_;
        limits.sandbox = sandbox_; // the script reaches the shell on stdin, never as a path
        auto result = host_.run(c, argv, src.text, limits);
        // A limit is not a verdict on the script: the host reports it as not checked.
        if (result.timed_out)
            throw evo::error(EVO_ERR_TIMEOUT, "not checked: " + argv.front() +
                                                  " -n did not finish within timeout_ms = " +
                                                  std::to_string(timeout_ms_) +
                                                  "; raise timeout_ms to check this file");
        if (result.exit_code == 0) return;
        report_errors(result.err, argv, out);
    }

  private:
    static bool installed(const std::string& program) {
        const std::vector<std::string> files = evo::program_files(program);
        return !files.empty() &&
               files.back().ends_with("/" + program.substr(program.rfind('/') + 1)) &&
               ::access(files.back().c_str(), X_OK) == 0;
    }

    // The command that checks a script of this dialect; not_applicable when none can here.
    std::vector<std::string> checker(const evo::shell::script_dialect& d) const {
        using evo::shell::dialect;
        switch (d.kind) {
        case dialect::bash:
            return {bash_, "-n"};
        case dialect::posix: // bashisms are errors in POSIX sh, so bash -n alone would pass them
            if (installed(dash_)) return {dash_, "-n"};
            return {bash_, "--posix", "-n"};
        case dialect::zsh:
        case dialect::ksh: {
            const std::string& shell = d.kind == dialect::zsh ? zsh_ : ksh_;
            if (installed(shell)) return {shell, "-n"};
            throw evo::not_applicable(
                "this is a " + std::string(d.kind == dialect::zsh ? "zsh" : "ksh") +
                " script and " + shell + " is not installed (bash cannot judge it)");
        }
        case dialect::other:
            break;
        }
        throw evo::not_applicable("the shebang names " + d.shell +
                                  ", which is not a shell evo checks");
    }

    // bash prints "bash: line N: message" for each error on stdin, then "bash: line N: `source'";
    // dash "dash: N: message"; zsh "zsh: message" or "zsh:N: message"; ksh "ksh: syntax error at
    // line N: ...".
    static void report_errors(const std::string& err, const std::vector<std::string>& argv,
                              const evo::finding_sink& out) {
        bool any = false;
        std::string_view rest(err);
        while (!rest.empty()) {
            std::string_view line = rest.substr(0, rest.find('\n'));
            rest.remove_prefix(std::min(rest.size(), line.size() + 1));
            if (auto colon = line.find(':'); colon != std::string_view::npos)
                line.remove_prefix(colon + 1);
            while (line.starts_with(' '))
                line.remove_prefix(1);
            if (line.starts_with("line ")) line.remove_prefix(5);
            uint32_t number = 0;
            auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), number);
            std::string_view message(end,
                                     static_cast<std::size_t>(line.data() + line.size() - end));
            if (ec != std::errc() || !message.starts_with(": ")) continue;
            message.remove_prefix(2);
            if (message.starts_with('`')) continue; // bash echoes the offending source line
            out.report({"SH-SYNTAX", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, number, 0,
                        std::string(message), "", ""});
            any = true;
        }
        if (!any)
            out.report({"SH-SYNTAX", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 0, 0,
                        err.empty() ? argv.front() + " -n rejected the script" : err, "", ""});
    }

    evo::host_services host_;
    std::string bash_;
    std::string dash_;
    std::string zsh_;
    std::string ksh_;
    uint32_t timeout_ms_;
    bool sandbox_;
    evo::once_value<std::string> identity_;
};

} // namespace

EVO_VALIDATOR_PLUGIN(shell_syntax)
