#include "chat_request.hpp"

#include <evo/plugin.hpp>

#include <boost/json.hpp>

#include <array>

namespace openai {
namespace {

constexpr std::array<std::string_view, 11> openai_parameters{
    "model", "messages",         "temperature",       "top_p",           "max_tokens", "stop",
    "seed",  "presence_penalty", "frequency_penalty", "response_format", "user"};

[[noreturn]] void bad_request(const std::string& why) {
    throw evo::error(EVO_ERR_INVALID_ARGUMENT, "request: " + why);
}

} // namespace

std::string chat_request_body(std::string_view normalized_request,
                              const std::string& model_override, bool stream) {
    boost::system::error_code ec;
    boost::json::value request = boost::json::parse(normalized_request, ec);
    if (ec) bad_request("malformed JSON (" + ec.message() + ")");
    if (!request.is_object()) bad_request("expected a JSON object");
    const boost::json::object& fields = request.as_object();
    const boost::json::value* messages = fields.if_contains("messages");
    if (!messages || !messages->is_array() || messages->as_array().empty())
        bad_request("\"messages\" must be a non-empty array");

    boost::json::object body;
    for (std::string_view key : openai_parameters)
        if (const boost::json::value* value = fields.if_contains(key); value && !value->is_null())
            body[key] = *value;
    if (!model_override.empty()) body["model"] = model_override;
    body["stream"] = stream;
    if (stream) body["stream_options"] = {{"include_usage", true}};
    return boost::json::serialize(body);
}

} // namespace openai
