#include "settings.hpp"

#include <evo/plugin.hpp>

#include <cstdint>

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

int64_t integer_value(const boost::json::object& config, std::string_view key, int64_t fallback,
                      int64_t minimum, int64_t maximum) {
    const boost::json::value* value = config.if_contains(key);
    if (!value || value->is_null()) return fallback;
    boost::system::error_code ec;
    auto number = value->to_number<int64_t>(ec);
    if (ec) bad_config(key, "must be an integer");
    if (number < minimum || number > maximum)
        bad_config(key, "must be between " + std::to_string(minimum) + " and " +
                            std::to_string(maximum) + ", got " + std::to_string(number));
    return number;
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
    constexpr int64_t day_ms = 24LL * 3600 * 1000;
    settings s;
    s.endpoint = chat_endpoint(string_value(config, "base_url"));
    s.api_key = string_value(config, "api_key");
    s.model = string_value(config, "model");
    if (const boost::json::value* stream = config.if_contains("stream")) {
        if (!stream->is_bool()) bad_config("stream", "must be true or false");
        s.stream = stream->as_bool();
    }
    s.retry.max_retries = static_cast<int>(integer_value(config, "max_retries", 3, 0, 20));
    s.retry.base = milliseconds(integer_value(config, "retry_base_ms", 250, 1, day_ms));
    s.retry.max = milliseconds(integer_value(config, "retry_max_ms", 8000, 1, day_ms));
    if (s.retry.max < s.retry.base) bad_config("retry_max_ms", "must not be below retry_base_ms");
    s.stall_timeout = milliseconds(integer_value(config, "stall_timeout_ms", 30000, 1, UINT32_MAX));
    s.timeout = milliseconds(integer_value(config, "timeout_ms", 120000, 1, 7 * day_ms));
    return s;
}

} // namespace openai
