#include "chat_request.hpp"

#include "provider_kit/request.hpp"

#include <evo/plugin.hpp>

#include <boost/json.hpp>

#include <array>
#include <utility>

namespace ollama {
namespace {

namespace json = boost::json;

using provider_kit::bad_request;

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
    const json::object fields = provider_kit::read_request(normalized_request);
    const json::value* messages = fields.if_contains("messages");

    json::array out_messages;
    for (const json::value& message : messages->as_array()) {
        const json::object* m = message.if_object();
        const json::value* role = m ? m->if_contains("role") : nullptr;
        if (!role || !role->is_string()) bad_request("every message needs a \"role\"");
        const json::value* content = m->if_contains("content");
        out_messages.push_back(json::object{
            {"role", *role}, {"content", content ? provider_kit::content_text(*content) : ""}});
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
