// The provider's manifest table: its schema and its checked, defaulted values.
#pragma once

#include <provider_kit/http_settings.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace ollama {

inline constexpr const char* config_schema = R"schema({
  "type": "object",
  "properties": {
    "base_url": {"type": "string", "default": "http://127.0.0.1:11434",
                 "description": "the Ollama server; the plugin appends /api/chat"},
    "model": {"type": "string", "description": "overrides the request's model, e.g. \"qwen2.5-coder\""},
    "num_ctx": {"type": "integer", "minimum": 1, "maximum": 4294967295,
                "description": "context window in tokens (options.num_ctx); a prompt that fills it fails"},
    "stream": {"type": "boolean", "default": true,
               "description": "stream the answer as it is generated"},
)schema" PROVIDER_KIT_HTTP_SETTINGS_SCHEMA_PROPERTIES R"schema(
  },
  "additionalProperties": false
})schema";

struct settings {
    std::string endpoint = "http://127.0.0.1:11434/api/chat"; // base_url + "/api/chat"
    std::string model;                                        // empty: the request's model
    std::optional<uint32_t> num_ctx;                          // unset: the server's default
    bool stream = true;
    provider_kit::http_settings http;
};

// Throws evo::error(EVO_ERR_INVALID_ARGUMENT) naming the offending key.
settings read_settings(const boost::json::object& config);

} // namespace ollama
