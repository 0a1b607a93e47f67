// max-line-length: flags every line longer than a configured limit, whatever the language.
#include <evo/plugin.hpp>

namespace {

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    "max": {"type": "integer", "minimum": 1, "default": 100, "description": "longest allowed line"},
    "tab_width": {"type": "integer", "minimum": 1, "maximum": 16, "default": 8},
    "severity": {"type": "string", "enum": ["info", "low", "medium", "high"], "default": "medium"}
  },
  "additionalProperties": false
})";

evo_severity severity_named(const std::string& name) {
    if (name == "info") return EVO_SEVERITY_INFO;
    if (name == "low") return EVO_SEVERITY_LOW;
    return name == "high" ? EVO_SEVERITY_HIGH : EVO_SEVERITY_MEDIUM;
}

class max_line_length final : public evo::validator {
  public:
    static constexpr evo::plugin_info info{
        "max-line-length",
        "1.0.0",
        "flags lines longer than a configured number of characters",
        schema,
        EVO_FLAG_THREAD_SAFE};
    // Every language it judges, and how evo recognises its files: evo itself knows none.
    // {name, aliases, extensions, shebang interpreters}; lists are comma-separated.
    static constexpr evo::language languages[] = {
        {"python", "py", ".py", "python"},
        {"shell", "sh,bash", ".sh,.bash", "sh,bash"},
        {"cpp", "c++", ".cpp,.cc,.hpp", ""},
        {"c", "", ".c,.h", ""},
        {"javascript", "js", ".js,.mjs,.cjs", "node"},
        {"typescript", "ts", ".ts", ""},
        {"go", "", ".go", ""},
        {"rust", "rs", ".rs", ""},
        {"java", "", ".java", ""}};

    max_line_length(evo::host_services, const boost::json::object& config)
        : max_(evo::config_value<uint32_t>(config, "max", 100)),
          tab_width_(evo::config_value<uint32_t>(config, "tab_width", 8)),
          severity_(severity_named(evo::config_value<std::string>(config, "severity", "medium"))) {}

    void validate(const evo::call&, const evo::source& src, const evo::finding_sink& out) override {
        uint32_t line = 1, width = 0;
        for (char c : src.text) {
            if (c == '\n') {
                report_if_long(line++, width, out);
                width = 0;
            } else if (c == '\t') {
                width += tab_width_ - width % tab_width_;
            } else if (c != '\r' && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
                ++width; // a UTF-8 continuation byte belongs to the character before it
            }
        }
        report_if_long(line, width, out);
    }

  private:
    void report_if_long(uint32_t line, uint32_t width, const evo::finding_sink& out) const {
        if (width <= max_) return;
        out.report({"MAX-LINE-LENGTH", severity_, EVO_SEVERITY_HIGH, line, max_ + 1,
                    "line is " + std::to_string(width) + " characters long, the limit is " +
                        std::to_string(max_),
                    "break the line or shorten names", ""});
    }

    uint32_t max_, tab_width_;
    evo_severity severity_;
};

} // namespace

EVO_VALIDATOR_PLUGIN(max_line_length)
