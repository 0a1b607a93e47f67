#include "chat_request.hpp"

#include "provider_kit/request.hpp"

#include <evo/plugin.hpp>

#include <boost/json.hpp>

#include <array>

namespace openai {
namespace {

constexpr std::array<std::string_view, 11> openai_parameters{
    "model", "messages",         "temperature",       "top_p",           "max_tokens", "stop",
    "seed",  "presence_penalty", "frequency_penalty", "response_format", "user"};

using provider_kit::bad_request;

} // namespace

std::string chat_request_body(std::string_view normalized_request,
                              const std::string& model_override, bool stream) {
    const boost::json::object fields = provider_kit::read_request(normalized_request);
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
