// One connection to the scheduler's Redis server that fails loudly: every failure is an
// evo::error naming the URL, so a batch never hangs on a server that is gone.
#pragma once

#include "settings.hpp"

#include <evo/plugin.hpp>

#include <string>
#include <vector>

namespace redis_streams {

using evo_redis::reply_ptr;

class redis_link {
  public:
    // Connects (AUTH, SELECT). Throws evo::error: EVO_ERR_UNAVAILABLE when the server cannot be
    // reached, EVO_ERR_INVALID_ARGUMENT when it refuses the password or the database.
    explicit redis_link(const settings& s);

    // Sends one command (hiredis format). Throws evo::error(EVO_ERR_UNAVAILABLE) when the
    // connection broke (broken() is then true) and for an error reply.
    template <class... Args> reply_ptr command(const char* format, Args... args) {
        reply_ptr r = command_allowing_error(format, args...);
        if (r->type == REDIS_REPLY_ERROR) throw refused(format, r.get());
        return r;
    }
    // The same, but an error reply (BUSYGROUP, NOGROUP) is returned to the caller.
    template <class... Args> reply_ptr command_allowing_error(const char* format, Args... args) {
        return checked(static_cast<redisReply*>(redisCommand(context_.get(), format, args...)));
    }
    // A command whose arguments are only known at run time (XDEL of many ids).
    reply_ptr command_argv(const std::vector<std::string>& args);

    bool broken() const noexcept { return broken_; }
    const std::string& url() const noexcept { return url_; }

  private:
    reply_ptr checked(redisReply* raw);
    evo::error refused(const char* format, const redisReply* r) const;

    std::string url_;
    evo_redis::context_ptr context_;
    bool broken_ = false;
};

// The text of a string or status reply ("" for anything else).
std::string text_of(const redisReply* r);

} // namespace redis_streams
