// The provider's manifest table: its schema and its checked, defaulted values.
#pragma once

#include "provider_kit/http_settings.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace openai {

using provider_kit::milliseconds;

inline constexpr const char* config_schema = R"({
  "type": "object",
  "properties": {
    "base_url": {"type": "string", "description": "the API root, e.g. http://127.0.0.1:8080/v1"},
    "api_key": {"type": "string",
                "description": "sent as a Bearer token; write \"${OPENAI_API_KEY}\""},
    "model": {"type": "string", "description": "overrides the request's model"},
    "stream": {"type": "boolean", "default": true,
               "description": "stream the answer as it is generated"},
    )" PROVIDER_KIT_HTTP_SETTINGS_SCHEMA_PROPERTIES R"(
  },
  "required": ["base_url"],
  "additionalProperties": false
})";

struct settings {
    std::string endpoint; // base_url + "/chat/completions"
    std::string api_key;  // empty: no Authorization header
    std::string model;    // empty: the request's model
    bool stream = true;
    provider_kit::http_settings http; // retries and the four time limits
};

// Throws evo::error(EVO_ERR_INVALID_ARGUMENT) naming the offending key.
settings read_settings(const boost::json::object& config);

} // namespace openai
