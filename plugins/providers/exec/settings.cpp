#include "settings.hpp"

#include <evo/plugin.hpp>

#include <cstdint>

namespace exec_plugin {
namespace {

[[noreturn]] void bad_config(std::string_view key, const std::string& why) {
    throw evo::error(EVO_ERR_INVALID_ARGUMENT, "config: " + std::string(key) + " " + why);
}

std::vector<std::string> strings_value(const boost::json::object& config, std::string_view key) {
    const boost::json::value* value = config.if_contains(key);
    if (!value || value->is_null()) return {};
    if (!value->is_array()) bad_config(key, "must be an array of strings");
    std::vector<std::string> out;
    for (const boost::json::value& item : value->as_array()) {
        if (!item.is_string()) bad_config(key, "must be an array of strings");
        out.emplace_back(item.as_string());
    }
    return out;
}

} // namespace

settings read_settings(const boost::json::object& config) {
    settings s;
    s.command = strings_value(config, "command");
    if (s.command.empty())
        bad_config("command", "is required: the program and its arguments, e.g. "
                              "[\"llm\", \"-m\", \"{model}\"]");
    if (s.command.front().empty())
        bad_config("command", "names no program (its first item is empty)");
    s.system_argument = strings_value(config, "system_argument");
    s.model = evo::config_value<std::string>(config, "model", "");
    const auto timeout = evo::config_value<int64_t>(config, "timeout_ms", 120000);
    if (timeout < 1 || timeout > UINT32_MAX)
        bad_config("timeout_ms", "must be between 1 and " + std::to_string(UINT32_MAX) + ", got " +
                                     std::to_string(timeout));
    s.timeout = std::chrono::milliseconds(timeout);
    s.sandbox = evo::config_value<bool>(config, "sandbox", false);
    return s;
}

} // namespace exec_plugin
