// Where a redis plugin (the cache, the redis-streams scheduler) connects: its URL parsed, and
// the project's network rule (loopback only) applied before any socket is opened.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace evo_redis {

struct address {
    std::string user; // empty: AUTH with the password alone
    std::string host; // as written in the URL
    std::string ip;   // the resolved address we connect to (never re-resolved)
    uint16_t port = 6379;
    unsigned db = 0;
};

// Parses redis://[user@]host[:port][/db]. A password in the URL is refused (it would sit in
// the manifest): it comes from an environment variable. Throws evo::error
// (EVO_ERR_INVALID_ARGUMENT) naming what is wrong.
address parse_url(std::string_view url);

// Resolves host to an IP address. Unless EVO_ALLOW_REMOTE_REDIS=1, every address the name
// resolves to must be loopback (127.0.0.0/8, ::1): hiredis opens a raw socket, so the rule
// the host applies to HTTP is applied here. Throws evo::error(EVO_ERR_FORBIDDEN) for a remote
// address, EVO_ERR_UNAVAILABLE when the name does not resolve.
void resolve(address& where);

bool is_loopback(std::string_view ip);

} // namespace evo_redis
