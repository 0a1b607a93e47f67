// The provider's manifest table: its schema and its checked, defaulted values.
#pragma once

#include "provider_kit/http_settings.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

namespace anthropic {

inline constexpr const char* config_schema = R"({
  "type": "object",
  "properties": {
    "base_url": {"type": "string", "default": "https://api.anthropic.com",
                 "description": "the API root; the plugin appends /v1/messages"},
    "api_key": {"type": "string",
                "description": "sent as x-api-key; write \"${ANTHROPIC_API_KEY}\""},
    "anthropic_version": {"type": "string", "default": "2023-06-01",
                          "description": "the anthropic-version header"},
    "model": {"type": "string", "description": "overrides the request's model"},
    "max_tokens": {"type": "integer", "minimum": 1, "default": 4096,
                   "description": "the answer's limit when the request gives none"},
    "stream": {"type": "boolean", "default": true,
               "description": "stream the answer as it is generated"},
    )" PROVIDER_KIT_HTTP_SETTINGS_SCHEMA_PROPERTIES R"(
  },
  "additionalProperties": false
})";

struct settings {
    std::string endpoint = "https://api.anthropic.com/v1/messages"; // base_url + /v1/messages
    std::string api_key;                                            // empty: no x-api-key
    std::string anthropic_version = "2023-06-01";
    std::string model; // empty: the request's model
    int64_t max_tokens = 4096;
    bool stream = true;
    provider_kit::http_settings http;
};

// Throws evo::error(EVO_ERR_INVALID_ARGUMENT) "config: KEY ..." naming the offending key.
settings read_settings(const boost::json::object& config);

} // namespace anthropic
