#include "provider_kit/http_settings.hpp"

#include <evo/plugin.hpp>

#include <cstdint>
#include <string>

namespace provider_kit {
namespace {

[[noreturn]] void bad_config(std::string_view key, const std::string& why) {
    throw evo::error(EVO_ERR_INVALID_ARGUMENT, "config: " + std::string(key) + " " + why);
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

} // namespace

const char* http_settings_schema_properties() {
    return PROVIDER_KIT_HTTP_SETTINGS_SCHEMA_PROPERTIES;
}

http_settings read_http_settings(const boost::json::object& config) {
    using std::chrono::milliseconds;
    constexpr int64_t day_ms = 24LL * 3600 * 1000;
    http_settings s;
    s.retry.max_retries = static_cast<int>(integer_value(config, "max_retries", 3, 0, 20));
    s.retry.base = milliseconds(integer_value(config, "retry_base_ms", 250, 1, day_ms));
    s.retry.max = milliseconds(integer_value(config, "retry_max_ms", 8000, 1, day_ms));
    if (s.retry.max < s.retry.base) bad_config("retry_max_ms", "must not be below retry_base_ms");
    s.timeouts.connect =
        milliseconds(integer_value(config, "connect_timeout_ms", 10000, 1, UINT32_MAX));
    s.timeouts.first_token =
        milliseconds(integer_value(config, "first_token_timeout_ms", 60000, 1, 7 * day_ms));
    if (config.contains("idle_timeout_ms") && config.contains("stall_timeout_ms"))
        bad_config("stall_timeout_ms", "is the old name of idle_timeout_ms: give only one of them");
    const char* idle_key =
        config.contains("stall_timeout_ms") ? "stall_timeout_ms" : "idle_timeout_ms";
    s.timeouts.idle = milliseconds(integer_value(config, idle_key, 30000, 1, UINT32_MAX));
    s.timeouts.total = milliseconds(integer_value(config, "timeout_ms", 120000, 1, 7 * day_ms));
    return s;
}

} // namespace provider_kit
