#include "settings.hpp"

#include <evo/plugin.hpp>

namespace redis_streams {

settings configured(const boost::json::object& config) {
    using std::chrono::milliseconds;
    settings s;
    s.server = evo_redis::configured_endpoint(config);
    s.stream = evo::config_value<std::string>(config, "stream", s.stream);
    s.group = evo::config_value<std::string>(config, "group", s.group);
    s.claim_after = milliseconds(evo::config_value<uint32_t>(config, "claim_after_ms", 30000));
    s.poll = milliseconds(evo::config_value<uint32_t>(config, "poll_ms", 1000));
    s.window = evo::config_value<uint32_t>(config, "window", s.window);
    s.stall_warning = milliseconds(evo::config_value<uint32_t>(config, "stall_warning_ms", 60000));
    if (s.stream.empty() || s.group.empty())
        throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                         "config: 'stream' and 'group' must not be empty");
    if (s.window == 0)
        throw evo::error(EVO_ERR_INVALID_ARGUMENT, "config: 'window' must be at least 1");
    return s;
}

} // namespace redis_streams
