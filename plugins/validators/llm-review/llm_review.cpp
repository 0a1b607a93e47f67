// llm-review: a provider instance of the manifest reviews the code; only an exact, well-formed
// SAFE verdict passes. UNSAFE, anything malformed, a provider error or a timeout fails closed.
#include "review_request.hpp"
#include "verdict.hpp"

#include <evo/plugin.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace {

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    "provider": {"type": "string", "description": "the manifest id of the provider instance that reviews"},
    "timeout_ms": {"type": "integer", "minimum": 1, "description": "time limit of one review", "default": 120000}
  },
  "required": ["provider"],
  "additionalProperties": false
})";

// The model's text quoted in a finding, cut to a readable size.
constexpr std::size_t max_quoted = 2000;

int64_t now_unix_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The host's call with its deadline tightened to `timeout_ms` from now; cancellation still
// reaches the provider through the host's own is_cancelled.
evo_call bounded(const evo::call& c, uint32_t timeout_ms) {
    evo_call b{};
    if (const evo_call* raw = c.raw())
        std::memcpy(&b, raw, std::min<std::size_t>(raw->struct_size, sizeof b));
    b.struct_size = sizeof b;
    if (!b.is_cancelled) b.is_cancelled = [](const evo_call*) -> int32_t { return 0; };
    const int64_t limit = now_unix_ms() + timeout_ms;
    if (b.deadline_unix_ms == 0 || b.deadline_unix_ms > limit) b.deadline_unix_ms = limit;
    return b;
}

uint32_t line_count(std::string_view code) {
    const auto newlines = static_cast<uint32_t>(std::count(code.begin(), code.end(), '\n'));
    return newlines + (code.empty() || code.ends_with('\n') ? 0 : 1);
}

std::string quoted(std::string_view answer) {
    if (answer.size() <= max_quoted) return std::string(answer);
    return std::string(answer.substr(0, max_quoted)) + "...";
}

class llm_review final : public evo::validator {
  public:
    static constexpr evo::plugin_info info{
        "llm-review",
        "1.0.0",
        "a model's SAFE/UNSAFE verdict; anything but an exact SAFE fails closed",
        schema,
        EVO_FLAG_THREAD_SAFE};
    // A model reads any language; these are the ones its prompt has been tried on.
    static constexpr evo::language languages[] = {
        {.name = "python", .aliases = "py,python3", .extensions = ".py,.pyw", .interpreters = "python"},
        {.name = "shell", .aliases = "sh,bash", .extensions = ".sh,.bash", .interpreters = "sh,bash,dash,ksh"},
        {.name = "cpp", .aliases = "c++,cxx,cc,hpp", .extensions = ".cpp,.cc,.cxx,.hpp,.hh,.hxx"}};
    static constexpr evo::rule rules[] = {
        {"LLM-UNSAFE", EVO_SEVERITY_HIGH, "", "the reviewing model judged the code unsafe (one finding per reason it gave)"},
        {"LLM-REVIEW-MALFORMED", EVO_SEVERITY_HIGH, "", "the model's answer is not the verdict format (fails closed)"},
        {"LLM-REVIEW-ERROR", EVO_SEVERITY_HIGH, "", "the review could not be made: the provider failed or timed out (fails closed)"}};

    llm_review(evo::host_services host, const boost::json::object& config)
        : host_(host), provider_(evo::config_value<std::string>(config, "provider", "")),
          timeout_ms_(evo::config_value<uint32_t>(config, "timeout_ms", 120000)) {
        if (provider_.empty())
            throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                             "llm-review needs 'provider': the id of a provider instance");
    }

    void validate(const evo::call& c, const evo::source& src,
                  const evo::finding_sink& out) override {
        const evo_call call = bounded(c, timeout_ms_);
        std::string answer;
        try {
            answer = host_.complete(evo::call(&call), provider_,
                                    evo::review::review_request(src.text, src.language));
        } catch (const evo::error& e) {
            if (e.status() == EVO_ERR_CANCELLED || c.cancelled()) throw;
            out.report({"LLM-REVIEW-ERROR", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 0, 0,
                        e.status() == EVO_ERR_TIMEOUT
                            ? "the review did not finish within " + std::to_string(timeout_ms_) +
                                  " ms: " + e.what()
                            : std::string("the review failed: ") + e.what(),
                        "check that provider '" + provider_ + "' is reachable and answers", ""});
            return;
        }
        report(evo::review::parse_verdict(answer), answer, line_count(src.text), out);
    }

  private:
    static void report(const evo::review::verdict& v, std::string_view answer, uint32_t lines,
                       const evo::finding_sink& out) {
        using kind = evo::review::verdict::kind;
        if (v.outcome == kind::safe) return;
        if (v.outcome == kind::malformed) {
            out.report({"LLM-REVIEW-MALFORMED", EVO_SEVERITY_HIGH, EVO_SEVERITY_HIGH, 0, 0,
                        v.problem + "; the reviewer answered: " + quoted(answer),
                        "use a model that follows the verdict format exactly", ""});
            return;
        }
        if (v.reasons.empty())
            out.report({"LLM-UNSAFE", EVO_SEVERITY_HIGH, EVO_SEVERITY_MEDIUM, 0, 0,
                        "the reviewer judged the code unsafe without giving a reason", "", ""});
        for (const evo::review::reason& r : v.reasons)
            out.report({"LLM-UNSAFE", EVO_SEVERITY_HIGH, EVO_SEVERITY_MEDIUM,
                        r.line <= lines ? r.line : 0, 0, quoted(r.text), "", ""});
    }

    evo::host_services host_;
    std::string provider_;
    uint32_t timeout_ms_;
};

} // namespace

EVO_VALIDATOR_PLUGIN(llm_review)
