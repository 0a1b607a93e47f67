// shell-security: destructive and dangerous shell, judged by native rules (SH-*) and, when it
// is installed, by shellcheck (SC*).
#include "shell_dialect.hpp"
#include "shell_rules.hpp"
#include "shell_suppressions.hpp"
#include "shellcheck.hpp"

#include <evo/plugin.hpp>

#include <algorithm>

namespace {

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    "shellcheck": {"type": "boolean", "description": "also run shellcheck when it is installed", "default": true},
    "shellcheck_path": {"type": "string", "description": "the shellcheck to run", "default": "shellcheck"},
    "sandbox": {"type": "boolean", "description": "run shellcheck in the host's sandbox: no network, no home, no secrets", "default": true},
    "ignore_suppressions": {"type": "boolean", "default": false, "description": "report what # evo: ignore and # nosec comments would hide"},
    "timeout_ms": {"type": "integer", "minimum": 1, "description": "shellcheck's time limit; default: 10 s plus 60 s per 100 KB of script"}
  },
  "additionalProperties": false
})";

class shell_security final : public evo::validator {
  public:
    static constexpr evo::plugin_info info{
        "shell-security", "1.0.0",
        "dangerous shell: rm -rf /, curl | sh, eval, chmod 777, writes to /etc and disks, "
        "fork bombs; plus shellcheck",
        schema, EVO_FLAG_THREAD_SAFE};
    static constexpr evo::language languages[] = {{.name = "shell",
                                                   .aliases = "sh,bash",
                                                   .extensions = ".sh,.bash",
                                                   .interpreters = "sh,bash,dash,ksh"}};
    static constexpr const char* by_comment = "# evo: ignore[{id}] or # nosec {id}";
    static constexpr evo::rule rules[] = {
        {"SH-RM-ROOT", EVO_SEVERITY_HIGH, "", "rm -r of / or a top-level system directory", by_comment},
        {"SH-RM-HOME", EVO_SEVERITY_HIGH, "", "rm -r of the home directory", by_comment},
        {"SH-RM-VAR", EVO_SEVERITY_HIGH, "", "rm -r of a path built from a variable that may be empty or unset", by_comment},
        {"SH-DOWNLOAD-EXEC", EVO_SEVERITY_HIGH, "", "a download piped or handed to a shell (curl | sh)", by_comment},
        {"SH-EVAL", EVO_SEVERITY_MEDIUM, "", "eval of text that is not a literal", by_comment},
        {"SH-CHMOD-WORLD-WRITABLE", EVO_SEVERITY_MEDIUM, "", "chmod that makes files world-writable (777, o+w)", by_comment},
        {"SH-WRITE-SYSTEM", EVO_SEVERITY_HIGH, "", "a write to a system file (/etc, /boot, /usr, ...)", by_comment},
        {"SH-WRITE-DEVICE", EVO_SEVERITY_HIGH, "", "a redirection into a disk device", by_comment},
        {"SH-DD-DEVICE", EVO_SEVERITY_HIGH, "", "dd writing to a disk device", by_comment},
        {"SH-MKFS-DEVICE", EVO_SEVERITY_HIGH, "", "a file system created on a disk device", by_comment},
        {"SH-FORK-BOMB", EVO_SEVERITY_HIGH, "", "a function that calls itself into the background twice (fork bomb)", by_comment},
        {"SH-TOO-COMPLEX", EVO_SEVERITY_MEDIUM, "", "substitutions nest too deeply to be analysed", by_comment},
        {"SC", EVO_SEVERITY_LOW, "SC",
         "shellcheck's checks: a family, each finding's id is shellcheck's code (SC2086); severity follows its level",
         "# shellcheck disable=SCxxxx or # evo: ignore[SCxxxx] (not shellcheck's parse errors)"}};

    shell_security(evo::host_services host, const boost::json::object& config)
        : host_(host), shellcheck_(evo::config_value<bool>(config, "shellcheck", true)),
          shellcheck_path_(evo::config_value<std::string>(config, "shellcheck_path", "shellcheck")),
          timeout_ms_(evo::config_value<uint32_t>(config, "timeout_ms", 0)),
          sandbox_(evo::config_value<bool>(config, "sandbox", true)),
          ignore_suppressions_(evo::config_value<bool>(config, "ignore_suppressions", false)) {}

    // What judges beyond the native rules: the shellcheck that runs, if any.
    std::string identity() {
        return identity_.get(
            [&] { return shellcheck_ ? shellcheck_version() : std::string("shellcheck off"); });
    }
    // The shellcheck found, or the PATH directories where it would be installed.
    std::vector<std::string> identity_files() const {
        return shellcheck_ ? evo::program_files(shellcheck_path_) : std::vector<std::string>{};
    }

    void validate(const evo::call& c, const evo::source& src,
                  const evo::finding_sink& out) override {
        // The native rules and shellcheck read bash and POSIX sh (ksh too, for shellcheck):
        // a zsh or fish script in a .sh file would be judged by the wrong grammar.
        const evo::shell::script_dialect d = evo::shell::dialect_of(src.text, src.language);
        if (d.kind == evo::shell::dialect::zsh || d.kind == evo::shell::dialect::other)
            throw evo::not_applicable(
                "its rules and shellcheck read bash and POSIX sh, and the shebang names " +
                d.shell);
        const evo::shell::script parsed = evo::shell::parse(src.text);
        evo::suppressions::comment_suppressions quiet;
        if (!ignore_suppressions_) quiet = evo::shell::suppressions_of(parsed);
        std::vector<evo::finding> found = evo::shell::analyze(parsed);
        if (shellcheck_) run_shellcheck(c, src, found);
        evo::shell::drop_suppressed(found, quiet);
        for (const evo::finding& f : found)
            out.report(f);
    }

  private:
    // `shellcheck --version` prints a banner first; its "version: 0.9.0" line is the one that
    // counts.
    std::string shellcheck_version() const {
        const std::optional<std::string> program = evo::shell::find_program(shellcheck_path_);
        if (!program) return "shellcheck not installed";
        evo::process_limits limits;
        limits.timeout_ms = timeout_ms_ != 0 ? timeout_ms_ : evo::shell::shellcheck_timeout_ms(0);
        const evo::process_output result =
            host_.run(evo::call(nullptr), {*program, "--version"}, {}, limits);
        std::string_view text = result.out;
        for (std::size_t at = 0; at < text.size();) {
            std::size_t end = std::min(text.find('\n', at), text.size());
            std::string_view line = text.substr(at, end - at);
            if (line.substr(0, 8) == "version:") return "shellcheck " + std::string(line);
            at = end + 1;
        }
        return "shellcheck (exit " + std::to_string(result.exit_code) + ", no version line)";
    }

    void run_shellcheck(const evo::call& c, const evo::source& src,
                        std::vector<evo::finding>& out) const {
        const std::optional<std::string> program = evo::shell::find_program(shellcheck_path_);
        if (!program) {
            host_.log(EVO_LOG_DEBUG,
                      "shellcheck '" + shellcheck_path_ + "' is not installed; skipped");
            return;
        }
        evo::process_limits limits;
        limits.timeout_ms =
            timeout_ms_ != 0 ? timeout_ms_ : evo::shell::shellcheck_timeout_ms(src.text.size());
        limits.sandbox = sandbox_; // the script reaches shellcheck on stdin, never as a path
        const evo::process_output result =
            host_.run(c, evo::shell::shellcheck_arguments(*program, src.text, src.language),
                      src.text, limits);
        // A limit is not a verdict on the script: the host reports the file as not checked.
        if (result.timed_out)
            throw evo::error(EVO_ERR_TIMEOUT,
                             "not checked: shellcheck did not finish within timeout_ms = " +
                                 std::to_string(limits.timeout_ms) +
                                 "; raise timeout_ms to check this file");
        // shellcheck exits 0 when clean and 1 when it has comments; anything else is a failure.
        if (result.term_signal != 0 || result.exit_code > 1)
            throw evo::error(EVO_ERR_UNAVAILABLE, "shellcheck failed (exit " +
                                                      std::to_string(result.exit_code) +
                                                      "): " + result.err.substr(0, 500));
        for (evo::finding& f : evo::shell::shellcheck_findings(result.out))
            out.push_back(std::move(f));
    }

    evo::host_services host_;
    bool shellcheck_;
    std::string shellcheck_path_;
    uint32_t timeout_ms_; // 0: scaled to each script's size
    bool sandbox_;
    bool ignore_suppressions_; // report what comments would hide
    evo::once_value<std::string> identity_;
};

} // namespace

EVO_VALIDATOR_PLUGIN(shell_security)
