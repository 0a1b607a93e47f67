// A connection to the Redis server a plugin's configuration names: the `url` and
// `password_env` keys read, the loopback rule applied, then connect, AUTH and SELECT. Shared by
// the redis cache and the redis-streams scheduler, which differ only in what they do when
// Redis is away (the cache degrades to misses, the scheduler fails its batch or retries).
#pragma once

#include "redis_address.hpp"

#include <boost/json/object.hpp>
#include <hiredis/hiredis.h>

#include <chrono>
#include <memory>
#include <string>

namespace evo_redis {

struct reply_deleter {
    void operator()(redisReply* r) const noexcept { freeReplyObject(r); }
};
using reply_ptr = std::unique_ptr<redisReply, reply_deleter>;

struct context_deleter {
    void operator()(redisContext* c) const noexcept { redisFree(c); }
};
using context_ptr = std::unique_ptr<redisContext, context_deleter>;

// The server of a configuration: where, and with which password.
struct endpoint {
    std::string url; // as configured, for messages
    address where;
    std::string password;     // empty: no AUTH
    std::string password_env; // the variable it came from, for messages (never the password)
};

// Reads `url` (default redis://127.0.0.1:6379) and `password_env` from a schema-validated
// configuration and resolves the host under the loopback rule, before any socket exists.
// Throws evo::error: EVO_ERR_INVALID_ARGUMENT (bad URL, unset password variable),
// EVO_ERR_FORBIDDEN (remote without EVO_ALLOW_REMOTE_REDIS=1), EVO_ERR_UNAVAILABLE.
endpoint configured_endpoint(const boost::json::object& config);

// Those two keys as a configuration schema's properties, for each plugin's schema literal:
// a raw literal up to `"properties": {`, then this macro, then one from `,` on. A macro,
// as the schema is one string constant and only adjacent literals join at compile time.
#define EVO_REDIS_ENDPOINT_PROPERTIES                                                              \
    R"("url": {"type": "string", "default": "redis://127.0.0.1:6379",)"                            \
    R"( "description": "redis://[user@]host[:port][/db]; loopback only unless EVO_ALLOW_REMOTE_REDIS=1"},)" \
    R"( "password_env": {"type": "string",)"                                                       \
    R"( "description": "name of the environment variable holding the password"})"

struct connection_attempt {
    context_ptr context; // null when the attempt failed
    std::string error;   // why, when it failed
    // The server answered but refused AUTH or SELECT: a configuration error, not an outage.
    bool refused = false;
};

// Connects, sets the command timeout, and sends AUTH and SELECT as the endpoint needs.
connection_attempt connect(const endpoint& server, std::chrono::milliseconds connect_timeout,
                           std::chrono::milliseconds command_timeout);

timeval to_timeval(std::chrono::milliseconds ms);

} // namespace evo_redis
