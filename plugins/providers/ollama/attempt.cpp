#include "attempt.hpp"

#include "chat_response.hpp"
#include "response_reader.hpp"

#include <provider_kit/exchange.hpp>

#include <boost/json.hpp>

namespace ollama {
namespace {

using provider_kit::failure_class;

provider_kit::attempt_result failed(provider_kit::failure f) {
    provider_kit::attempt_result result;
    result.failed = std::move(f);
    return result;
}

// An {"error": "..."} inside a 200 answer or a stream: an error whatever came before it,
// classified by what it says (server_error when it says nothing the kit knows).
provider_kit::failure error_in_answer(const settings& config, const response_reader& reader) {
    const std::string& message = *reader.server_error();
    const failure_class kind = provider_kit::classify_error_object(
        boost::json::serialize(boost::json::object{{"error", message}}));
    const char* where =
        reader.text_streamed() ? " in the middle of the stream: " : " in a 200 answer: ";
    return provider_kit::make_failure(kind, "error from " + config.endpoint + where + message,
                                      reader.text_streamed());
}

std::vector<std::string> request_headers(const settings& config) {
    return {"Content-Type: application/json",
            config.stream ? "Accept: application/x-ndjson" : "Accept: application/json"};
}

} // namespace

provider_kit::attempt_result attempt_completion(const evo::host_services& host,
                                                const provider_kit::call_budget& budget,
                                                const settings& config, std::string_view body,
                                                const evo::sink& text) {
    provider_kit::exchange exchange(host, budget, config.http.timeouts);
    response_reader reader(config.stream, text, [&exchange] { exchange.text_arrived(); });
    const provider_kit::exchange::outcome outcome =
        exchange.post(config.endpoint, request_headers(config), body, reader.body_sink());
    if (reader.stopped()) throw *reader.stopped();

    const int status = outcome.http_status;
    if (status != 0 && (status < 200 || status > 299))
        return failed(provider_kit::http_failure(status, outcome.headers, reader.body(),
                                                 config.endpoint, error_detail(reader.body())));
    if (!outcome.transport_error) reader.finish(); // a cut stream's last piece is no line
    if (reader.server_error()) return failed(error_in_answer(config, reader));
    if (reader.malformed())
        return failed(provider_kit::make_failure(failure_class::protocol,
                                                 std::string(reader.malformed()->what()) +
                                                     " (from " + config.endpoint + ")",
                                                 reader.text_streamed()));
    if (outcome.transport_error)
        return failed(exchange.transport_failure(*outcome.transport_error, config.endpoint,
                                                 exchange.bytes_received(),
                                                 reader.text_streamed()));
    if (!reader.decoder().done()) {
        if (!config.stream)
            return failed(
                provider_kit::make_failure(failure_class::protocol,
                                           "the answer from " + config.endpoint +
                                               " says it is not done: " + preview(reader.body()),
                                           reader.text_streamed()));
        // Cut short: retried while no text reached the caller.
        return failed(provider_kit::make_failure(
            failure_class::server_error,
            "the stream from " + config.endpoint + " ended without its done line after " +
                std::to_string(reader.decoder().lines()) + " lines",
            reader.text_streamed()));
    }
    provider_kit::attempt_result result;
    result.completion = reader.decoder().facts();
    return result;
}

} // namespace ollama
