// redis: a cache in a Redis server (hiredis), shared by every evo process that points at it.
// A cache must never stop a run: when Redis is down or goes away, get is a miss and put is
// EVO_ERR_UNAVAILABLE, one warning is logged for the instance's lifetime, and the connection is
// retried at most once per reconnect interval.
#include "redis_connection.hpp"

#include <evo/plugin.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

namespace {

constexpr const char* schema = R"({
  "type": "object",
  "properties": {
    )" EVO_REDIS_ENDPOINT_PROPERTIES R"(,
    "key_prefix": {"type": "string", "default": "evo:"},
    "default_ttl_seconds": {"type": "integer", "minimum": 0, "maximum": 4294967295,
                            "default": 0, "description": "0: entries never expire"},
    "connect_timeout_ms": {"type": "integer", "minimum": 1, "maximum": 600000, "default": 500},
    "command_timeout_ms": {"type": "integer", "minimum": 1, "maximum": 600000, "default": 1000},
    "reconnect_interval_ms": {"type": "integer", "minimum": 1, "maximum": 3600000,
                              "default": 2000,
                              "description": "while Redis is away, at most one connection attempt per interval"}
  },
  "additionalProperties": false
})";

using clock = std::chrono::steady_clock;
using evo_redis::reply_ptr;

struct settings {
    evo_redis::endpoint server;
    std::string prefix;
    uint32_t default_ttl = 0;
    std::chrono::milliseconds connect_timeout{500}, command_timeout{1000}, reconnect_interval{2000};
};

settings configured(const boost::json::object& config) {
    settings s;
    s.server = evo_redis::configured_endpoint(config); // the loopback rule, before any socket
    s.prefix = evo::config_value<std::string>(config, "key_prefix", "evo:");
    s.default_ttl = evo::config_value<uint32_t>(config, "default_ttl_seconds", 0);
    s.connect_timeout =
        std::chrono::milliseconds(evo::config_value<uint32_t>(config, "connect_timeout_ms", 500));
    s.command_timeout =
        std::chrono::milliseconds(evo::config_value<uint32_t>(config, "command_timeout_ms", 1000));
    s.reconnect_interval = std::chrono::milliseconds(
        evo::config_value<uint32_t>(config, "reconnect_interval_ms", 2000));
    return s;
}

// SCAN MATCH takes a glob: the prefix's own glob characters are escaped.
std::string glob_of_prefix(const std::string& prefix) {
    std::string glob;
    for (char c : prefix) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') glob += '\\';
        glob += c;
    }
    return glob + '*';
}

class redis final : public evo::cache {
  public:
    static constexpr evo::plugin_info info{"redis", "1.0.0",
                                           "cache in a Redis server (hiredis), TTL and key prefix",
                                           schema, EVO_FLAG_THREAD_SAFE};

    redis(evo::host_services host, const boost::json::object& config)
        : host_(host), settings_(configured(config)) {
        std::lock_guard lock(mutex_);
        connect(); // Redis down at start is a warning, not a failure
        if (setup_refused_)
            throw evo::error(EVO_ERR_INVALID_ARGUMENT,
                             "redis " + settings_.server.url + ": " + setup_refused_message_);
    }

    std::optional<std::string> get(std::string_view key) override {
        std::string full = settings_.prefix + std::string(key);
        reply_ptr r = command("GET %b", full.data(), full.size());
        if (r && r->type == REDIS_REPLY_STRING) {
            ++hits_;
            return std::string(r->str, r->len);
        }
        ++misses_;
        return std::nullopt;
    }

    void put(std::string_view key, std::string_view value, uint32_t ttl_seconds) override {
        std::string full = settings_.prefix + std::string(key);
        uint32_t ttl = ttl_seconds ? ttl_seconds : settings_.default_ttl;
        reply_ptr r =
            ttl ? command("SET %b %b EX %u", full.data(), full.size(), value.data(), value.size(),
                          static_cast<unsigned>(ttl))
                : command("SET %b %b", full.data(), full.size(), value.data(), value.size());
        expect_answer(r, "SET");
    }

    bool erase(std::string_view key) override {
        std::string full = settings_.prefix + std::string(key);
        reply_ptr r = command("DEL %b", full.data(), full.size());
        expect_answer(r, "DEL");
        return r->type == REDIS_REPLY_INTEGER && r->integer > 0;
    }

    evo::cache_stats stats() override {
        evo::cache_stats s;
        s.hits = hits_;
        s.misses = misses_;
        s.entries = count_entries();
        return s; // bytes: unknown without a MEMORY USAGE per key, too dear for stats
    }

    // Deletes the keys under this instance's prefix, batch by batch as SCAN finds them; never
    // FLUSHDB, which would take other users' keys in the same database with it.
    void clear() override {
        std::string glob = glob_of_prefix(settings_.prefix), cursor = "0";
        do {
            reply_ptr r =
                command("SCAN %s MATCH %b COUNT 1000", cursor.c_str(), glob.data(), glob.size());
            expect_answer(r, "SCAN");
            if (r->type != REDIS_REPLY_ARRAY || r->elements != 2)
                throw evo::error(EVO_ERR_UNAVAILABLE, "redis SCAN: unexpected answer");
            cursor.assign(r->element[0]->str, r->element[0]->len);
            const redisReply* keys = r->element[1];
            if (keys->elements == 0) continue;
            std::vector<const char*> argv{"DEL"};
            std::vector<size_t> lengths{3};
            for (size_t i = 0; i < keys->elements; ++i) {
                argv.push_back(keys->element[i]->str);
                lengths.push_back(keys->element[i]->len);
            }
            reply_ptr deleted = command_argv(argv, lengths);
            expect_answer(deleted, "DEL");
        } while (cursor != "0");
    }

    // Redis expires keys itself and evicts under its own maxmemory policy: nothing to do.
    uint64_t gc() override { return 0; }

  private:
    // Called with mutex_ held. True when a connection is up (perhaps just made).
    bool connect() {
        if (context_) return true;
        auto now = clock::now();
        if (now < next_attempt_) return false;
        next_attempt_ = now + settings_.reconnect_interval;
        evo_redis::connection_attempt attempt =
            evo_redis::connect(settings_.server, settings_.connect_timeout, settings_.command_timeout);
        if (!attempt.context) {
            if (attempt.refused) {
                setup_refused_ = true;
                setup_refused_message_ = attempt.error;
            }
            unavailable(attempt.error);
            return false;
        }
        if (warned_) host_.log(EVO_LOG_INFO, "redis cache: " + settings_.server.url + " is back");
        context_ = std::move(attempt.context);
        return true;
    }

    template <class... Args> reply_ptr command(const char* format, Args... args) {
        std::lock_guard lock(mutex_);
        if (!connect()) return nullptr;
        reply_ptr r(static_cast<redisReply*>(redisCommand(context_.get(), format, args...)));
        if (!r) { // the connection broke (server gone, timeout): drop it, retry later
            unavailable(context_->errstr);
            context_.reset();
            next_attempt_ = clock::now() + settings_.reconnect_interval;
        } else if (r->type == REDIS_REPLY_ERROR) { // NOAUTH, OOM, READONLY...: same warning
            unavailable(std::string(r->str, r->len));
        }
        return r;
    }

    reply_ptr command_argv(std::vector<const char*>& argv, // hiredis 1.1 takes a non-const array
                           const std::vector<size_t>& lengths) {
        std::lock_guard lock(mutex_);
        if (!connect()) return nullptr;
        reply_ptr r(static_cast<redisReply*>(redisCommandArgv(
            context_.get(), static_cast<int>(argv.size()), argv.data(), lengths.data())));
        if (!r) {
            unavailable(context_->errstr);
            context_.reset();
            next_attempt_ = clock::now() + settings_.reconnect_interval;
        } else if (r->type == REDIS_REPLY_ERROR) {
            unavailable(std::string(r->str, r->len));
        }
        return r;
    }

    void expect_answer(const reply_ptr& r, const char* what) const {
        if (!r) throw evo::error(EVO_ERR_UNAVAILABLE, "redis " + settings_.server.url + " is unreachable");
        if (r->type == REDIS_REPLY_ERROR)
            throw evo::error(EVO_ERR_UNAVAILABLE,
                             std::string("redis ") + what + ": " + std::string(r->str, r->len));
    }

    // One warning for the whole lifetime of the instance, however long Redis stays away.
    void unavailable(const std::string& why) {
        if (warned_) return;
        warned_ = true;
        host_.log(EVO_LOG_WARN,
                  "redis cache: " + settings_.server.url + " unavailable (" + why +
                      "); lookups are misses and stores are dropped until it is back");
    }

    uint64_t count_entries() {
        if (settings_.prefix.empty()) {
            reply_ptr r = command("DBSIZE");
            return r && r->type == REDIS_REPLY_INTEGER ? static_cast<uint64_t>(r->integer) : 0;
        }
        std::string glob = glob_of_prefix(settings_.prefix), cursor = "0";
        uint64_t count = 0;
        do {
            reply_ptr r =
                command("SCAN %s MATCH %b COUNT 1000", cursor.c_str(), glob.data(), glob.size());
            if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 2) return count;
            cursor.assign(r->element[0]->str, r->element[0]->len);
            count += r->element[1]->elements;
        } while (cursor != "0");
        return count;
    }

    evo::host_services host_;
    settings settings_;
    std::mutex mutex_;
    evo_redis::context_ptr context_;
    clock::time_point next_attempt_{};
    bool warned_ = false;
    bool setup_refused_ = false;
    std::string setup_refused_message_;
    std::atomic<uint64_t> hits_{0}, misses_{0};
};

} // namespace

EVO_CACHE_PLUGIN(redis)
