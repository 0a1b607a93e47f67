#include "settings.hpp"

#include <evo/plugin.hpp>

namespace openai {
namespace {

[[noreturn]] void bad_config(std::string_view key, const std::string& why) {
    throw evo::error(EVO_ERR_INVALID_ARGUMENT, "config: " + std::string(key) + " " + why);
}

std::string string_value(const boost::json::object& config, std::string_view key) {
    const boost::json::value* value = config.if_contains(key);
    if (!value || value->is_null()) return {};
    if (!value->is_string()) bad_config(key, "must be a string");
    return std::string(value->as_string());
}

std::string chat_endpoint(std::string base_url) {
    if (base_url.empty()) bad_config("base_url", "is required (e.g. \"http://127.0.0.1:8080/v1\")");
    if (base_url.rfind("http://", 0) != 0 && base_url.rfind("https://", 0) != 0)
        bad_config("base_url", "must start with http:// or https://, got \"" + base_url + "\"");
    while (base_url.ends_with('/'))
        base_url.pop_back();
    return base_url + "/chat/completions";
}

} // namespace

settings read_settings(const boost::json::object& config) {
    settings s;
    s.endpoint = chat_endpoint(string_value(config, "base_url"));
    s.api_key = string_value(config, "api_key");
    s.model = string_value(config, "model");
    if (const boost::json::value* stream = config.if_contains("stream")) {
        if (!stream->is_bool()) bad_config("stream", "must be true or false");
        s.stream = stream->as_bool();
    }
    s.http = provider_kit::read_http_settings(config);
    return s;
}

} // namespace openai
