#include "settings.hpp"

#include <evo/plugin.hpp>

namespace anthropic {
namespace {

[[noreturn]] void bad_config(std::string_view key, const std::string& why) {
    throw evo::error(EVO_ERR_INVALID_ARGUMENT, "config: " + std::string(key) + " " + why);
}

std::string string_value(const boost::json::object& config, std::string_view key,
                         std::string fallback = {}) {
    const boost::json::value* value = config.if_contains(key);
    if (!value || value->is_null()) return fallback;
    if (!value->is_string()) bad_config(key, "must be a string");
    return std::string(value->as_string());
}

std::string messages_endpoint(std::string base_url) {
    if (base_url.rfind("http://", 0) != 0 && base_url.rfind("https://", 0) != 0)
        bad_config("base_url", "must start with http:// or https://, got \"" + base_url + "\"");
    while (base_url.ends_with('/'))
        base_url.pop_back();
    return base_url + "/v1/messages";
}

int64_t max_tokens_value(const boost::json::object& config) {
    const boost::json::value* value = config.if_contains("max_tokens");
    if (!value || value->is_null()) return 4096;
    boost::system::error_code ec;
    auto number = value->to_number<int64_t>(ec);
    if (ec || number < 1) bad_config("max_tokens", "must be a positive integer");
    return number;
}

} // namespace

settings read_settings(const boost::json::object& config) {
    settings s;
    s.endpoint = messages_endpoint(string_value(config, "base_url", "https://api.anthropic.com"));
    s.api_key = string_value(config, "api_key");
    s.anthropic_version = string_value(config, "anthropic_version", "2023-06-01");
    if (s.anthropic_version.empty()) bad_config("anthropic_version", "must not be empty");
    s.model = string_value(config, "model");
    s.max_tokens = max_tokens_value(config);
    if (const boost::json::value* stream = config.if_contains("stream")) {
        if (!stream->is_bool()) bad_config("stream", "must be true or false");
        s.stream = stream->as_bool();
    }
    s.http = provider_kit::read_http_settings(config);
    return s;
}

} // namespace anthropic
