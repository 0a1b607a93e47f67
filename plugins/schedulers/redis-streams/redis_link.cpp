#include "redis_link.hpp"

namespace redis_streams {

redis_link::redis_link(const settings& s) : url_(s.server.url) {
    evo_redis::connection_attempt attempt =
        evo_redis::connect(s.server, settings::connect_timeout, s.command_timeout());
    if (!attempt.context)
        throw evo::error(attempt.refused ? EVO_ERR_INVALID_ARGUMENT : EVO_ERR_UNAVAILABLE,
                         "redis " + url_ + (attempt.refused ? ": " : " is unreachable: ") +
                             attempt.error);
    context_ = std::move(attempt.context);
}

reply_ptr redis_link::checked(redisReply* raw) {
    reply_ptr r(raw);
    if (!r) {
        broken_ = true;
        throw evo::error(EVO_ERR_UNAVAILABLE, "redis " + url_ + ": connection lost (" +
                                                  std::string(context_->errstr) + ")");
    }
    return r;
}

evo::error redis_link::refused(const char* format, const redisReply* r) const {
    std::string command(format);
    command = command.substr(0, command.find(' '));
    return evo::error(EVO_ERR_UNAVAILABLE, "redis " + url_ + ": " + command +
                                               " refused: " + std::string(r->str, r->len));
}

reply_ptr redis_link::command_argv(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const auto& a : args) {
        argv.push_back(a.data());
        lengths.push_back(a.size());
    }
    reply_ptr r = checked(static_cast<redisReply*>(redisCommandArgv(
        context_.get(), static_cast<int>(argv.size()), argv.data(), lengths.data())));
    if (r->type == REDIS_REPLY_ERROR)
        throw refused(args.empty() ? "" : args.front().c_str(), r.get());
    return r;
}

std::string text_of(const redisReply* r) {
    if (r && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS))
        return std::string(r->str, r->len);
    return {};
}

} // namespace redis_streams
