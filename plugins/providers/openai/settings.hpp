// The provider's manifest table: its schema and its checked, defaulted values.
#pragma once

#include "retry_policy.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace openai {

inline constexpr const char* config_schema = R"({
  "type": "object",
  "properties": {
    "base_url": {"type": "string", "description": "the API root, e.g. http://127.0.0.1:8080/v1"},
    "api_key": {"type": "string",
                "description": "sent as a Bearer token; write \"${OPENAI_API_KEY}\""},
    "model": {"type": "string", "description": "overrides the request's model"},
    "stream": {"type": "boolean", "default": true,
               "description": "stream the answer as it is generated"},
    "max_retries": {"type": "integer", "minimum": 0, "maximum": 20, "default": 3,
                    "description": "retries after 429, 5xx, refused or cut connections"},
    "retry_base_ms": {"type": "integer", "minimum": 1, "default": 250,
                      "description": "first backoff; doubles per retry, with jitter"},
    "retry_max_ms": {"type": "integer", "minimum": 1, "default": 8000,
                     "description": "longest wait before a retry, Retry-After included"},
    "stall_timeout_ms": {"type": "integer", "minimum": 1, "maximum": 4294967295, "default": 30000,
                         "description": "give up when no byte arrives for this long"},
    "timeout_ms": {"type": "integer", "minimum": 1, "default": 120000,
                   "description": "limit for the whole call, retries included"}
  },
  "required": ["base_url"],
  "additionalProperties": false
})";

struct settings {
    std::string endpoint; // base_url + "/chat/completions"
    std::string api_key;  // empty: no Authorization header
    std::string model;    // empty: the request's model
    bool stream = true;
    retry_settings retry;
    milliseconds stall_timeout{30000};
    milliseconds timeout{120000};
};

// Throws evo::error(EVO_ERR_INVALID_ARGUMENT) naming the offending key.
settings read_settings(const boost::json::object& config);

} // namespace openai
