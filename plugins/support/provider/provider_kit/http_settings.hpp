// The manifest keys every HTTP provider shares: retries and the four time limits.
#pragma once

#include "provider_kit/retry_policy.hpp"

#include <boost/json/object.hpp>

#include <chrono>

namespace provider_kit {

struct limits {                               // each named in its error message by its manifest key
    std::chrono::milliseconds connect{10000}; // connect_timeout_ms
    std::chrono::milliseconds first_token{60000}; // first_token_timeout_ms
    std::chrono::milliseconds idle{
        30000}; // idle_timeout_ms (stall_timeout_ms: old name, still accepted)
    std::chrono::milliseconds total{120000}; // timeout_ms: the whole call, retries included
};

struct http_settings {
    retry_settings retry;
    limits timeouts;
};

// The JSON-schema "properties" members for these keys (max_retries, retry_base_ms,
// retry_max_ms, connect_timeout_ms, first_token_timeout_ms, idle_timeout_ms,
// stall_timeout_ms, timeout_ms), as text to splice into a plugin's schema after its own
// properties: `"a": {...}, "b": {...}` without braces.
const char* http_settings_schema_properties();

// The same text as a string literal, for a schema that must be a constant expression
// (evo::plugin_info::config_schema): R"({"type": "object", "properties": {"base_url": {...}, )"
// PROVIDER_KIT_HTTP_SETTINGS_SCHEMA_PROPERTIES R"(}, ...})".
// clang-format off
#define PROVIDER_KIT_HTTP_SETTINGS_SCHEMA_PROPERTIES \
    R"j("max_retries": {"type": "integer", "minimum": 0, "maximum": 20, "default": 3, )j" \
    R"j("description": "retries after 429, overload, 5xx, refused or cut connections, connect timeouts"}, )j" \
    R"j("retry_base_ms": {"type": "integer", "minimum": 1, "default": 250, )j" \
    R"j("description": "first backoff; doubles per retry, with jitter"}, )j" \
    R"j("retry_max_ms": {"type": "integer", "minimum": 1, "default": 8000, )j" \
    R"j("description": "longest wait before a retry, Retry-After included"}, )j" \
    R"j("connect_timeout_ms": {"type": "integer", "minimum": 1, "maximum": 4294967295, "default": 10000, )j" \
    R"j("description": "give up connecting after this long (retried)"}, )j" \
    R"j("first_token_timeout_ms": {"type": "integer", "minimum": 1, "default": 60000, )j" \
    R"j("description": "give up when no text has arrived this long after sending"}, )j" \
    R"j("idle_timeout_ms": {"type": "integer", "minimum": 1, "maximum": 4294967295, "default": 30000, )j" \
    R"j("description": "give up when no byte arrives for this long"}, )j" \
    R"j("stall_timeout_ms": {"type": "integer", "minimum": 1, "maximum": 4294967295, )j" \
    R"j("description": "the old name of idle_timeout_ms"}, )j" \
    R"j("timeout_ms": {"type": "integer", "minimum": 1, "default": 120000, )j" \
    R"j("description": "limit for the whole call, retries included"})j"
// clang-format on

// Reads them (defaults above); throws evo::error(EVO_ERR_INVALID_ARGUMENT, "config: KEY ...").
http_settings read_http_settings(const boost::json::object& config);

} // namespace provider_kit
