// The redis-streams scheduler's configuration: where Redis is (shared with the redis cache)
// and how the stream of tasks is named and paced.
#pragma once

#include "redis_connection.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace redis_streams {

// The JSON Schema of its manifest table.
inline constexpr const char* config_schema = R"({
  "type": "object",
  "properties": {
    )" EVO_REDIS_ENDPOINT_PROPERTIES R"(,
    "stream": {"type": "string", "minLength": 1, "default": "evo:tasks",
               "description": "the stream tasks are added to and workers read"},
    "group": {"type": "string", "minLength": 1, "default": "evo-workers",
              "description": "the workers' consumer group"},
    "claim_after_ms": {"type": "integer", "minimum": 30, "maximum": 86400000, "default": 30000,
                       "description": "a task idle this long in a dead worker's hands is run again elsewhere"},
    "poll_ms": {"type": "integer", "minimum": 1, "maximum": 60000, "default": 1000,
                "description": "how long one read of the stream blocks; also how soon cancellation is seen"},
    "window": {"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1024,
               "description": "the most tasks of one batch in the stream at once"},
    "stall_warning_ms": {"type": "integer", "minimum": 1, "maximum": 86400000, "default": 60000,
                         "description": "warn once when no worker has reported a task for this long"}
  },
  "additionalProperties": false
})";

struct settings {
    evo_redis::endpoint server;
    std::string stream = "evo:tasks";
    std::string group = "evo-workers";
    // A task idle this long in a consumer's hands (no heartbeat: its worker died) is reclaimed.
    std::chrono::milliseconds claim_after{30000};
    // How long one XREAD / XREADGROUP blocks: also how soon cancellation is noticed.
    std::chrono::milliseconds poll{1000};
    // The most tasks of one batch in the stream (added, not yet reported) at once.
    uint32_t window = 1024;
    // run() warns once when no task has been reported for this long.
    std::chrono::milliseconds stall_warning{60000};

    // A command may block for `poll`; the socket waits that long and a margin more.
    std::chrono::milliseconds command_timeout() const { return poll + std::chrono::seconds(5); }
    static constexpr std::chrono::milliseconds connect_timeout{1000};
};

// Reads a schema-validated configuration; the loopback rule is applied here, before any socket.
settings configured(const boost::json::object& config);

} // namespace redis_streams
