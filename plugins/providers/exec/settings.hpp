// The provider's manifest table: its schema and its checked, defaulted values.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace exec_plugin {

inline constexpr const char* config_schema = R"schema({
  "type": "object",
  "properties": {
    "command": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                "description": "the program and its arguments, e.g. [\"llm\", \"-m\", \"{model}\"]; {model} becomes the model"},
    "system_argument": {"type": "array", "items": {"type": "string"},
                        "description": "appended when there is a system prompt, e.g. [\"-s\", \"{system}\"]; without it the system prompt opens stdin"},
    "model": {"type": "string", "description": "replaces {model}; default: the request's model"},
    "timeout_ms": {"type": "integer", "minimum": 1, "maximum": 4294967295, "default": 120000,
                   "description": "kill the command when it has not finished by then"},
    "sandbox": {"type": "boolean", "default": false,
                "description": "run it in evo's sandbox (no network, no home directory)"}
  },
  "required": ["command"],
  "additionalProperties": false
})schema";

struct settings {
    std::vector<std::string> command;         // never empty
    std::vector<std::string> system_argument; // empty: the system prompt goes on stdin
    std::string model;                        // empty: the request's model
    std::chrono::milliseconds timeout{120000};
    bool sandbox = false;
};

// Throws evo::error(EVO_ERR_INVALID_ARGUMENT) naming the offending key.
settings read_settings(const boost::json::object& config);

} // namespace exec_plugin
