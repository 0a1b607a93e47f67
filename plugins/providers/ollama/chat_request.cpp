#include "chat_request.hpp"

#include <evo/plugin.hpp>

#include <boost/json.hpp>

#include <array>
#include <utility>

namespace ollama {
namespace {

namespace json = boost::json;

[[noreturn]] void bad_request(const std::string& why) {
    throw evo::error(EVO_ERR_INVALID_ARGUMENT, "request: " + why);
}

// Ollama takes a message's content as a string only.
std::string text_of(const json::value& content) {
    if (content.is_string()) return std::string(content.as_string());
    std::string text;
    if (content.is_array())
        for (const json::value& part : content.as_array())
            if (const auto* fields = part.if_object())
                if (const auto* t = fields->if_contains("text"); t && t->is_string())
                    text += t->as_string();
    return text;
}

// The request's sampling parameters under Ollama's names.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> option_names{{
    {"temperature", "temperature"},
    {"top_p", "top_p"},
    {"seed", "seed"},
    {"stop", "stop"},
    {"max_tokens", "num_predict"},
}};

} // namespace

std::string chat_request_body(std::string_view normalized_request,
                              const std::string& model_override, std::optional<uint32_t> num_ctx,
                              bool stream) {
    boost::system::error_code ec;
    json::value request = json::parse(normalized_request, ec);
    if (ec) bad_request("malformed JSON (" + ec.message() + ")");
    if (!request.is_object()) bad_request("expected a JSON object");
    const json::object& fields = request.as_object();
    const json::value* messages = fields.if_contains("messages");
    if (!messages || !messages->is_array() || messages->as_array().empty())
        bad_request("\"messages\" must be a non-empty array");

    json::array out_messages;
    for (const json::value& message : messages->as_array()) {
        const json::object* m = message.if_object();
        const json::value* role = m ? m->if_contains("role") : nullptr;
        if (!role || !role->is_string()) bad_request("every message needs a \"role\"");
        const json::value* content = m->if_contains("content");
        out_messages.push_back(
            json::object{{"role", *role}, {"content", content ? text_of(*content) : ""}});
    }

    json::object body;
    if (!model_override.empty())
        body["model"] = model_override;
    else if (const json::value* model = fields.if_contains("model"); model && model->is_string())
        body["model"] = *model;
    body["messages"] = std::move(out_messages);
    body["stream"] = stream;
    json::object options;
    for (const auto& [ours, theirs] : option_names)
        if (const json::value* value = fields.if_contains(ours); value && !value->is_null())
            options[theirs] = *value;
    if (num_ctx) options["num_ctx"] = *num_ctx;
    if (!options.empty()) body["options"] = std::move(options);
    return json::serialize(body);
}

} // namespace ollama
