#include "redis_connection.hpp"

#include <evo/plugin.hpp>

#include <cstdlib>

namespace evo_redis {

timeval to_timeval(std::chrono::milliseconds ms) {
    return {static_cast<time_t>(ms.count() / 1000),
            static_cast<suseconds_t>(ms.count() % 1000 * 1000)};
}

endpoint configured_endpoint(const boost::json::object& config) {
    endpoint e;
    e.url = evo::config_value<std::string>(config, "url", "redis://127.0.0.1:6379");
    e.where = parse_url(e.url);
    e.password_env = evo::config_value<std::string>(config, "password_env", "");
    if (!e.password_env.empty()) {
        const char* password = std::getenv(e.password_env.c_str());
        if (!password || !*password)
            throw evo::error(EVO_ERR_INVALID_ARGUMENT, "config: 'password_env' names $" +
                                                           e.password_env +
                                                           ", which is not set or empty");
        e.password = password;
    }
    resolve(e.where); // the loopback rule, before any socket exists
    return e;
}

namespace {

// A setup command's answer: a transport error or an error reply ends the attempt.
bool answered(connection_attempt& attempt, const reply_ptr& r, const std::string& what) {
    if (!r) {
        attempt.error = attempt.context->errstr;
    } else if (r->type == REDIS_REPLY_ERROR) {
        attempt.refused = true;
        attempt.error = what + " refused: " + std::string(r->str, r->len);
    } else {
        return true;
    }
    attempt.context.reset();
    return false;
}

} // namespace

connection_attempt connect(const endpoint& server, std::chrono::milliseconds connect_timeout,
                           std::chrono::milliseconds command_timeout) {
    connection_attempt attempt;
    attempt.context.reset(redisConnectWithTimeout(server.where.ip.c_str(), server.where.port,
                                                  to_timeval(connect_timeout)));
    if (!attempt.context || attempt.context->err) {
        attempt.error = attempt.context ? attempt.context->errstr : "out of memory";
        attempt.context.reset();
        return attempt;
    }
    redisContext* c = attempt.context.get();
    redisSetTimeout(c, to_timeval(command_timeout));
    if (!server.password.empty()) {
        const auto& user = server.where.user;
        reply_ptr r(static_cast<redisReply*>(
            user.empty()
                ? redisCommand(c, "AUTH %b", server.password.data(), server.password.size())
                : redisCommand(c, "AUTH %b %b", user.data(), user.size(), server.password.data(),
                               server.password.size())));
        if (!answered(attempt, r, "AUTH (password from $" + server.password_env + ")"))
            return attempt;
    }
    if (server.where.db != 0) {
        reply_ptr r(static_cast<redisReply*>(redisCommand(c, "SELECT %u", server.where.db)));
        if (!answered(attempt, r, "SELECT " + std::to_string(server.where.db))) return attempt;
    }
    return attempt;
}

} // namespace evo_redis
