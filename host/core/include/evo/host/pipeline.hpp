// request -> cache -> provider -> extract code -> validators -> (repair) -> cache -> result
#pragma once

#include <evo/host/runtime.hpp>

#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evo::host {

// evo evolve: the code asked for is a command (command_contract.hpp) with tests, and the
// request's prompt is the command's description.
struct command_contract {
    std::string name;
};

// One request to one provider instance: the answer of a round, or a failure the pipeline
// moved past to the next provider. Retries inside the plugin are part of the call.
struct provider_call {
    completion_result completion; // model: the one that answered, else the one asked for
    std::string text;             // what the model said (all of it, before code extraction)
    double milliseconds = 0;      // wall time of the call, the plugin's retries included
    double first_text_milliseconds = -1; // when its first text arrived; -1: none arrived
};

struct generation_request {
    std::string prompt;   // the user's words, sent verbatim as the user message
    std::string language; // empty: the manifest's [request] language
    bool use_cache = true;
    std::optional<command_contract> command = std::nullopt;
    // Watching it happen (a live display): every provider call's text as it arrives, and the
    // end of each call, answered or failed, so what was shown of it can be kept or cleared.
    // Called during generate(), one call at a time, never after it returns.
    std::function<void(std::string_view)> on_text = nullptr;
    std::function<void(const provider_call&)> on_call_end = nullptr;
};

struct attempt {
    int number = 0;
    completion_result completion;       // the call that answered (or failed last)
    double milliseconds = 0;            // the whole round: every provider call and the validation
    double validation_milliseconds = 0; // of the round: code extraction and the validators
    std::vector<finding_record> findings;
    std::vector<provider_call> calls; // every provider call of the round, failed ones included
};

// unvalidated: no validator of the pipeline judges the code's language, so nothing checked
// it; refused unless [pipeline] allow_unvalidated (then `passed`, with `unvalidated` set).
enum class generation_outcome { passed, rejected, provider_failed, unvalidated };

struct generation_result {
    generation_outcome outcome = generation_outcome::provider_failed;
    std::string code;
    std::string tests; // a command's: the answer's second block (empty when it had none)
    std::string language;
    bool tests_run = false; // a validator that runs tests (runtime::runs_tests) judged the code with them
    bool cache_hit = false;
    bool unvalidated = false; // no validator judged the code; never cached
    std::vector<attempt> attempts;
    std::vector<finding_record> findings; // of the last attempt: failures and warnings
    std::string error;                    // provider_failed: why
};

// The normalized request the provider sees (messages, model, parameters, language, and for a
// command its contract); the language by its canonical name, as the runtime's validators
// declare it. A command in a language commands cannot be evolved in is a config_error.
boost::json::object build_request(const runtime& rt, const generation_request& req);

// The cache key: the normalized request, every provider instance (the pipeline's and those a
// validator may consult) and the validator set, each by runtime::fingerprint (plugin, version, resolved config, the content of the
// files it names, a validator's tool versions), with the policies: a hit only ever returns
// code that today's validators, as configured and installed, passed.
std::string cache_key(const runtime& rt, const boost::json::object& request);

// Whether a finding makes its layer fail under the manifest's fail_on threshold.
bool fails(const finding_record& f, int fail_on);

generation_result generate(runtime& rt, const generation_request& req, const evo_call* call);

} // namespace evo::host
