#include "settings.hpp"

#include <evo/plugin.hpp>

namespace ollama {
namespace {

[[noreturn]] void bad_config(std::string_view key, const std::string& why) {
    throw evo::error(EVO_ERR_INVALID_ARGUMENT, "config: " + std::string(key) + " " + why);
}

std::string chat_endpoint(std::string base_url) {
    if (base_url.rfind("http://", 0) != 0 && base_url.rfind("https://", 0) != 0)
        bad_config("base_url", "must start with http:// or https://, got \"" + base_url + "\"");
    while (base_url.ends_with('/'))
        base_url.pop_back();
    return base_url + "/api/chat";
}

} // namespace

settings read_settings(const boost::json::object& config) {
    settings s;
    s.endpoint =
        chat_endpoint(evo::config_value<std::string>(config, "base_url", "http://127.0.0.1:11434"));
    s.model = evo::config_value<std::string>(config, "model", "");
    if (config.contains("num_ctx")) {
        const auto n = evo::config_value<int64_t>(config, "num_ctx", 0);
        if (n < 1 || n > UINT32_MAX)
            bad_config("num_ctx", "must be a positive number of tokens, got " + std::to_string(n));
        s.num_ctx = static_cast<uint32_t>(n);
    }
    s.stream = evo::config_value<bool>(config, "stream", true);
    s.http = provider_kit::read_http_settings(config);
    return s;
}

} // namespace ollama
