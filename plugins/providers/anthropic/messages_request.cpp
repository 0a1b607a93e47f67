#include "messages_request.hpp"

#include "provider_kit/request.hpp"

#include <evo/plugin.hpp>

#include <boost/json.hpp>

#include <array>

namespace anthropic {
namespace {

namespace json = boost::json;

// Sampling parameters Anthropic takes under the same name.
constexpr std::array<std::string_view, 3> passed_parameters{"temperature", "top_p", "top_k"};

using provider_kit::bad_request;

// A message's text: a string, or the text parts of a list of content parts.
std::string text_of(const json::value& content, std::size_t index) {
    if (content.is_string()) return std::string(content.as_string());
    if (!content.is_array())
        bad_request("messages[" + std::to_string(index) + "].content must be a string or a list");
    std::string text;
    for (const json::value& part : content.as_array())
        if (part.is_object())
            if (const json::value* t = part.as_object().if_contains("text"); t && t->is_string())
                text += t->as_string();
    return text;
}

struct conversation {
    std::string system;
    json::array messages;
};

void append(std::string& to, std::string_view text) {
    if (!to.empty() && !text.empty()) to += "\n\n";
    to += text;
}

conversation split_system(const json::array& messages) {
    conversation result;
    std::string last_role;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const json::object* message = messages[i].if_object();
        if (!message) bad_request("messages[" + std::to_string(i) + "] must be an object");
        const json::value* role = message->if_contains("role");
        const json::value* content = message->if_contains("content");
        if (!role || !role->is_string())
            bad_request("messages[" + std::to_string(i) + "].role must be a string");
        std::string text = content ? text_of(*content, i) : std::string();
        std::string_view name = role->as_string();
        if (name == "system" || name == "developer") {
            append(result.system, text);
            continue;
        }
        if (name != "user" && name != "assistant")
            bad_request("messages[" + std::to_string(i) + "].role \"" + std::string(name) +
                        "\" is not one of system, user, assistant");
        if (name == last_role) {
            json::string& merged = result.messages.back().as_object()["content"].as_string();
            std::string joined(merged);
            append(joined, text);
            merged = joined;
            continue;
        }
        result.messages.push_back(json::object{{"role", name}, {"content", text}});
        last_role = name;
    }
    if (result.messages.empty()) bad_request("no user or assistant message");
    return result;
}

int64_t max_tokens_of(const json::object& fields, int64_t fallback) {
    const json::value* value = fields.if_contains("max_tokens");
    if (!value || value->is_null()) return fallback;
    boost::system::error_code ec;
    auto n = value->to_number<int64_t>(ec);
    if (ec || n < 1) bad_request("\"max_tokens\" must be a positive integer");
    return n;
}

json::array stop_sequences(const json::value& stop) {
    if (stop.is_string()) return {stop};
    if (stop.is_array()) return stop.as_array();
    bad_request("\"stop\" must be a string or a list of strings");
}

} // namespace

std::string messages_request_body(std::string_view normalized_request,
                                  const std::string& model_override, int64_t default_max_tokens,
                                  bool stream) {
    const json::object fields = provider_kit::read_request(normalized_request);
    const json::value* messages = fields.if_contains("messages");
    conversation talk = split_system(messages->as_array());

    json::object body;
    if (!model_override.empty())
        body["model"] = model_override;
    else if (const json::value* model = fields.if_contains("model"); model && model->is_string())
        body["model"] = *model;
    else
        bad_request("no model: set \"model\" in the request or the provider's configuration");
    body["max_tokens"] = max_tokens_of(fields, default_max_tokens);
    if (!talk.system.empty()) body["system"] = talk.system;
    body["messages"] = std::move(talk.messages);
    for (std::string_view key : passed_parameters)
        if (const json::value* value = fields.if_contains(key); value && !value->is_null())
            body[key] = *value;
    if (const json::value* stop = fields.if_contains("stop"); stop && !stop->is_null())
        body["stop_sequences"] = stop_sequences(*stop);
    body["stream"] = stream;
    return json::serialize(body);
}

} // namespace anthropic
