#include "attempt.hpp"

#include "chat_response.hpp"
#include "response_reader.hpp"

#include "provider_kit/exchange.hpp"
#include "provider_kit/redact.hpp"

namespace openai {
namespace {

using provider_kit::attempt_result;
using provider_kit::failure_class;

attempt_result failed(provider_kit::failure f) {
    attempt_result result;
    result.failed = std::move(f);
    return result;
}

// A failure found in the body itself: an error object the server sent instead of text is
// classified by what it says (an "overloaded" error is retried while no text was streamed);
// anything else there is a malformed answer.
attempt_result answer_failure(const evo::error& e, const response_reader& reader) {
    if (const auto& json = reader.reported_error_json())
        return failed(provider_kit::make_failure(provider_kit::classify_error_object(*json),
                                                 e.what(), reader.text_streamed()));
    provider_kit::failure f =
        provider_kit::make_failure(failure_class::protocol, e.what(), reader.text_streamed());
    f.status = e.status();
    return failed(std::move(f));
}

attempt_result stream_result(const response_reader& reader) {
    switch (reader.stream_ending()) {
    case response_reader::stream_end::complete:
        return {reader.stream_facts(), {}};
    case response_reader::stream_end::not_a_stream:
        // A server may answer a stream request with its error object as a plain 200 body.
        try {
            parse_chat_completion(reader.body());
        } catch (const reported_error& e) {
            return failed(provider_kit::make_failure(provider_kit::classify_error_object(e.json()),
                                                     e.what(), reader.text_streamed()));
        } catch (const evo::error&) {
        }
        return failed(provider_kit::make_failure(
            failure_class::protocol, "expected an event stream, got: " + preview(reader.body()),
            reader.text_streamed()));
    case response_reader::stream_end::early:
        break;
    }
    provider_kit::failure f =
        provider_kit::make_failure(failure_class::server_error,
                                   "stream ended early: no [DONE] or finish_reason after " +
                                       std::to_string(reader.events()) + " events",
                                   reader.text_streamed());
    f.status = EVO_ERR_PROTOCOL;
    return failed(std::move(f));
}

attempt_result plain_result(const response_reader& reader, const evo::sink& text) {
    chat_answer answer;
    try {
        answer = parse_chat_completion(reader.body());
    } catch (const reported_error& e) {
        return failed(
            provider_kit::make_failure(provider_kit::classify_error_object(e.json()), e.what()));
    } catch (const evo::error& e) {
        return answer_failure(e, reader);
    }
    text.write(answer.text);
    return {std::move(answer.facts), {}};
}

attempt_result attempt_once(const evo::host_services& host, const provider_kit::call_budget& budget,
                            const settings& config, const std::vector<std::string>& headers,
                            std::string_view body, const evo::sink& text) {
    provider_kit::exchange exchange(host, budget, config.http.timeouts);
    response_reader reader(config.stream, text, [&exchange] { exchange.text_arrived(); });
    auto outcome = exchange.post(config.endpoint, headers, body, reader.body_sink());
    if (const auto& own = reader.failure()) {
        if (own->status() == EVO_ERR_STOPPED) throw *own;
        return answer_failure(*own, reader);
    }
    if (outcome.transport_error)
        return failed(exchange.transport_failure(*outcome.transport_error, config.endpoint,
                                                 reader.bytes_received(), reader.text_streamed()));
    if (outcome.http_status < 200 || outcome.http_status > 299) {
        provider_kit::failure f =
            provider_kit::http_failure(outcome.http_status, outcome.headers, reader.body(),
                                       config.endpoint, error_detail(reader.body()));
        return failed(std::move(f));
    }
    return config.stream ? stream_result(reader) : plain_result(reader, text);
}

} // namespace

attempt_result attempt_completion(const evo::host_services& host,
                                  const provider_kit::call_budget& budget, const settings& config,
                                  const std::vector<std::string>& headers, std::string_view body,
                                  const evo::sink& text) {
    attempt_result result = attempt_once(host, budget, config, headers, body, text);
    // Messages may quote the server's body, which may quote the key it refused.
    if (!result.completion)
        result.failed.message =
            provider_kit::redacted(std::move(result.failed.message), {config.api_key});
    return result;
}

} // namespace openai
