#include "provider_kit/request.hpp"

#include <evo/plugin.hpp>

#include <boost/json/parse.hpp>

namespace provider_kit {

void bad_request(const std::string& why) {
    throw evo::error(EVO_ERR_INVALID_ARGUMENT, "request: " + why);
}

boost::json::object read_request(std::string_view normalized_request) {
    boost::system::error_code ec;
    boost::json::value request = boost::json::parse(normalized_request, ec);
    if (ec) bad_request("malformed JSON (" + ec.message() + ")");
    if (!request.is_object()) bad_request("expected a JSON object");
    const boost::json::value* messages = request.as_object().if_contains("messages");
    if (!messages || !messages->is_array() || messages->as_array().empty())
        bad_request("\"messages\" must be a non-empty array");
    return std::move(request.as_object());
}

std::string content_text(const boost::json::value& content) {
    if (content.is_string()) return std::string(content.as_string());
    std::string text;
    if (content.is_array())
        for (const boost::json::value& part : content.as_array())
            if (const auto* fields = part.if_object())
                if (const auto* t = fields->if_contains("text"); t && t->is_string())
                    text += t->as_string();
    return text;
}

} // namespace provider_kit
