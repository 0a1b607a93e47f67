#include "match_key.hpp"

#include "canonical_json.hpp"

#include <boost/json.hpp>

#include <stdexcept>

namespace replay {
namespace {

const boost::json::array& messages_of(const boost::json::object& request) {
    const auto* messages = request.if_contains("messages");
    if (!messages || !messages->is_array())
        throw std::invalid_argument("the request has no \"messages\" array");
    return messages->as_array();
}

const boost::json::string* last_user_content(const boost::json::array& messages) {
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
        const auto* message = it->if_object();
        if (!message) continue;
        const auto* role = message->if_contains("role");
        if (!role || !role->is_string() || role->as_string() != "user") continue;
        const auto* content = message->if_contains("content");
        return content ? content->if_string() : nullptr;
    }
    return nullptr;
}

} // namespace

match_mode parse_match_mode(std::string_view name) {
    if (name == "messages") return match_mode::messages;
    if (name == "prompt") return match_mode::prompt;
    throw std::invalid_argument("match must be \"messages\" or \"prompt\", not \"" +
                                std::string(name) + "\"");
}

std::string_view match_mode_name(match_mode mode) {
    return mode == match_mode::messages ? "messages" : "prompt";
}

std::string match_key(const boost::json::object& request, match_mode mode) {
    const auto& messages = messages_of(request);
    if (mode == match_mode::messages) return canonical_json(messages);
    const auto* content = last_user_content(messages);
    if (!content) throw std::invalid_argument("the request has no user message with text content");
    return std::string(*content);
}

std::string_view last_user_prompt(const boost::json::object& request) {
    const auto* messages = request.if_contains("messages");
    if (!messages || !messages->is_array()) return {};
    const auto* content = last_user_content(messages->as_array());
    return content ? std::string_view(*content) : std::string_view();
}

} // namespace replay
