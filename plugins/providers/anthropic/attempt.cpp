#include "attempt.hpp"

#include "api_error.hpp"
#include "json_fields.hpp"
#include "message_answer.hpp"
#include "response_reader.hpp"

#include "provider_kit/failure.hpp"
#include "provider_kit/redact.hpp"

#include <boost/json.hpp>

namespace anthropic {
namespace {

using provider_kit::failure;
using provider_kit::failure_class;

provider_kit::attempt_result failed(failure f) {
    provider_kit::attempt_result result;
    result.failed = std::move(f);
    return result;
}

provider_kit::attempt_result failed(failure_class kind, std::string message,
                                    const response_reader& reader) {
    return failed(provider_kit::make_failure(kind, std::move(message), reader.text_streamed()));
}

// An error the server reported without an HTTP status of its own (inside a 200 answer, or as
// a stream's error event): classified by its type (overloaded_error is retried, a credit
// balance too low never), and never retried once text reached the caller.
provider_kit::attempt_result server_error(const api_error& error, std::string_view where,
                                          const settings& config, const response_reader& reader) {
    boost::json::object as_body{{"type", "error"},
                                {"error", {{"type", error.type}, {"message", error.message}}}};
    failure_class kind = provider_kit::classify_error_object(boost::json::serialize(as_body));
    return failed(kind, std::string(where) + " from " + config.endpoint + ": " + describe(error),
                  reader);
}

// The error object `body` is, if it is one.
std::optional<api_error> error_in(std::string_view body) {
    try {
        return api_error_of(parse_object(body, "the error"));
    } catch (const evo::error&) {
        return std::nullopt; // not JSON (a proxy's page, say)
    }
}

// A non-2xx answer: classified by its status and Anthropic's error type.
provider_kit::attempt_result status_failure(const provider_kit::exchange::outcome& outcome,
                                            const settings& config, const response_reader& reader) {
    auto error = error_in(reader.body());
    std::string detail = error ? describe(*error) : preview(reader.body());
    failure f = provider_kit::http_failure(outcome.http_status, outcome.headers, reader.body(),
                                           config.endpoint, detail);
    f.text_streamed = reader.text_streamed();
    return failed(std::move(f));
}

provider_kit::attempt_result stream_result(const settings& config, const response_reader& reader) {
    const message_stream& events = reader.events();
    if (events.finished()) {
        if (events.stop_reason() == "refusal")
            return failed(failure_class::policy_refusal,
                          "the model refused to answer (stop_reason \"refusal\") at " +
                              config.endpoint,
                          reader);
        return {events.facts(), {}};
    }
    if (reader.not_a_stream()) {
        // A server may answer a stream request with its error object as a plain 200 body.
        if (auto error = error_in(reader.body()))
            return server_error(*error, "an error inside a 200 answer", config, reader);
        return failed(failure_class::protocol,
                      "expected an event stream from " + config.endpoint +
                          ", got: " + preview(reader.body()),
                      reader);
    }
    // Cut short: worth another try as long as no text reached the caller.
    return failed(failure_class::server_error,
                  "the stream from " + config.endpoint + " ended without message_stop after " +
                      std::to_string(events.events()) + " events",
                  reader);
}

provider_kit::attempt_result plain_result(const settings& config, const response_reader& reader,
                                          const evo::sink& text) {
    message_answer answer;
    try {
        answer = parse_message(reader.body());
    } catch (const evo::error& e) {
        return failed(failure_class::protocol, config.endpoint + ": " + e.what(), reader);
    }
    if (answer.error)
        return server_error(*answer.error, "an error inside a 200 answer", config, reader);
    if (answer.stop_reason == "refusal")
        return failed(failure_class::policy_refusal,
                      "the model refused to answer (stop_reason \"refusal\") at " + config.endpoint,
                      reader);
    text.write(answer.text);
    return {std::move(answer.facts), {}};
}

provider_kit::attempt_result outcome_of(const provider_kit::exchange& exchange,
                                        const provider_kit::exchange::outcome& outcome,
                                        const settings& config, const response_reader& reader,
                                        const evo::sink& text) {
    if (const auto& own = reader.failure()) {
        if (own->status() == EVO_ERR_STOPPED) throw *own;
        return failed(failure_class::protocol, config.endpoint + ": " + own->what(), reader);
    }
    if (const auto& error = reader.events().error())
        return server_error(*error, "an error event in the stream", config, reader);
    if (outcome.transport_error)
        return failed(exchange.transport_failure(*outcome.transport_error, config.endpoint,
                                                 reader.bytes_received(), reader.text_streamed()));
    if (outcome.http_status < 200 || outcome.http_status > 299)
        return status_failure(outcome, config, reader);
    return config.stream ? stream_result(config, reader) : plain_result(config, reader, text);
}

} // namespace

provider_kit::attempt_result attempt_message(const evo::host_services& host,
                                             const provider_kit::call_budget& budget,
                                             const settings& config,
                                             const std::vector<std::string>& headers,
                                             std::string_view body, const evo::sink& text) {
    provider_kit::exchange exchange(host, budget, config.http.timeouts);
    response_reader reader(config.stream, text, exchange);
    auto outcome = exchange.post(config.endpoint, headers, body, reader.body_sink());
    provider_kit::attempt_result result = outcome_of(exchange, outcome, config, reader, text);
    // The server's words are quoted in the message: a key it echoed must not travel on.
    if (!result.completion)
        result.failed.message = provider_kit::redacted(result.failed.message, {config.api_key});
    return result;
}

} // namespace anthropic
